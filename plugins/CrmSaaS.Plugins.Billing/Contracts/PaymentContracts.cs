using CrmSaaS.Kernel.Security;
using Mediator;

namespace CrmSaaS.Plugins.Billing.Contracts;

/// <summary>The permission payment providers' webhooks act with to read payable invoices and record what they report.</summary>
public static class OnlinePaymentPermissions
{
    public const string Record = "billing.payments.online";
}

/// <summary>An issued invoice as a payment provider needs it: what is open, in which currency, and how the client may pay.</summary>
public sealed record PayableInvoice(Guid InvoiceId, Guid ClientId, string Number, string Currency, string Language, long GrossMinor, long OpenMinor, string Status,
    bool AcceptBankTransfer, bool AcceptCard, bool AcceptCrypto);

/// <summary>The issued invoice <paramref name="InvoiceId"/> of the current team, or null (a draft, a credit note, another team's).</summary>
[RequiresPermission(OnlinePaymentPermissions.Record)]
public sealed record PayableInvoiceQuery(Guid InvoiceId) : IQuery<PayableInvoice?>;

/// <summary>What recording a provider's payment came to.</summary>
public enum ProviderPaymentOutcome
{
    Recorded = 0,
    /// <summary>This provider's payment (or refund) with this reference is recorded already: nothing changed.</summary>
    AlreadyRecorded = 1,
}

/// <summary>
/// Money a payment provider reports for an invoice: a payment (positive) or a refund (negative), in the
/// invoice's currency's minor units. Recorded once per provider and reference (a unique key), in the
/// caller's unit of work, with the invoice's balance and state; what exceeds the open amount is the
/// client's credit.
/// </summary>
[RequiresPermission(OnlinePaymentPermissions.Record)]
public sealed record RecordProviderPayment(Guid InvoiceId, long AmountMinor, string Currency, string Provider, string Reference, DateOnly PaidOn, long? FeeMinor = null)
    : IRequest<ProviderPaymentOutcome>;

/// <summary>
/// A provider's refunds of one of its payments, as the running total it reports (Stripe's
/// <c>amount_refunded</c>): what exceeds the refunds recorded so far is recorded as a negative payment,
/// so redelivered and out-of-order reports add nothing. Unknown payments throw <see cref="Kernel.Security.NotFoundException"/>.
/// </summary>
[RequiresPermission(OnlinePaymentPermissions.Record)]
public sealed record RecordProviderRefunds(string Provider, string PaymentReference, long RefundedTotalMinor, string Currency, DateOnly RefundedOn)
    : IRequest<ProviderPaymentOutcome>;

/// <summary>The invoice a dispute concerns; <paramref name="NewlyFlagged"/> is false when it was flagged already.</summary>
public sealed record DisputedInvoice(Guid InvoiceId, string Number, bool NewlyFlagged);

/// <summary>
/// A provider reports a dispute (chargeback) of one of its payments: the invoice is flagged once, with the
/// provider's reason and amount, and <see cref="InvoiceDisputed"/> is published. Unknown payments throw
/// <see cref="Kernel.Security.NotFoundException"/>.
/// </summary>
[RequiresPermission(OnlinePaymentPermissions.Record)]
public sealed record FlagProviderDispute(string Provider, string PaymentReference, string Reason, long AmountMinor, string Currency) : IRequest<DisputedInvoice>;

/// <summary>
/// A payment a provider reported, with what of it was refunded since (<paramref name="RefundedMinor"/>) and
/// the provider's fee when known, in the invoice's currency's minor units.
/// </summary>
public sealed record ProviderPayment(Guid PaymentId, Guid InvoiceId, string Provider, string Reference, long AmountMinor, long RefundedMinor, long? FeeMinor,
    string Currency, DateOnly PaidOn);

/// <summary>The payments providers reported for the current team's invoice <paramref name="InvoiceId"/>, oldest first (refunds are folded into them).</summary>
[RequiresPermission(OnlinePaymentPermissions.Record)]
public sealed record ProviderPaymentsQuery(Guid InvoiceId) : IQuery<IReadOnlyList<ProviderPayment>>;

/// <summary>
/// The provider's fee for one of its payments, learnt after the payment was recorded, in the payment's
/// currency's minor units. Set once: a fee already known is kept. Unknown payments throw <see cref="Kernel.Security.NotFoundException"/>.
/// </summary>
[RequiresPermission(OnlinePaymentPermissions.Record)]
public sealed record RecordProviderFee(Guid PaymentId, long FeeMinor) : IRequest<bool>;

/// <summary>
/// How to pay an invoice by bank transfer: the team's account as its billing profile states it, the
/// open amount, the invoice number as the reference, and for euros the GiroCode (EPC QR) a banking app
/// scans (its modules, true = dark), or null.
/// </summary>
public sealed record BankTransferDetails(string Payee, string Iban, string? Bic, string? BankName, long OpenMinor, string Currency, string Reference, bool[][]? QrModules);

/// <summary>The bank transfer details of the current team's issued invoice, or null when the team has no account in its billing profile.</summary>
[RequiresPermission(OnlinePaymentPermissions.Record)]
public sealed record BankTransferQuery(Guid InvoiceId) : IQuery<BankTransferDetails?>;

/// <summary>An issued invoice as its client's contacts see it in a list.</summary>
public sealed record ClientInvoice(Guid InvoiceId, Guid ClientId, string Number, DateOnly IssueDate, DateOnly? DueDate, long GrossMinor, long OpenMinor, string Currency, string Status);

/// <summary>The issued invoices (not credit notes) of the current team's clients <paramref name="ClientIds"/>, newest first, at most <paramref name="Take"/>.</summary>
[RequiresPermission(OnlinePaymentPermissions.Record)]
public sealed record ClientInvoicesQuery(IReadOnlyList<Guid> ClientIds, int Take = 200) : IQuery<IReadOnlyList<ClientInvoice>>;
