using CrmSaaS.Kernel.Events;

namespace CrmSaaS.Plugins.Billing.Contracts;

/// <summary>
/// An invoice or credit note changed state: written with the change, delivered after it to other
/// plugins' handlers (portal, notifications, payments). States and kinds are named as in Billing:
/// Draft, Issued, Sent, PartiallyPaid, Paid, Cancelled; Invoice, CreditNote.
/// </summary>
public sealed record InvoiceStatusChanged(Guid TenantId, Guid InvoiceId, Guid ClientId, string Kind, string? Number,
    string From, string To, long GrossMinor, long OpenMinor, string Currency) : IIntegrationEvent;

/// <summary>
/// An issued invoice is open past its due date (in the team's time zone): published once per invoice,
/// on the team's day the reminder job first finds it so. Its stored state stays Issued, Sent or
/// PartiallyPaid; "overdue" is read from the due date.
/// </summary>
public sealed record InvoiceOverdue(Guid TenantId, Guid InvoiceId, Guid ClientId, string Number, DateOnly DueDate, long OpenMinor, string Currency) : IIntegrationEvent;

/// <summary>A payment of the invoice is disputed at its provider (a chargeback): published once per invoice.</summary>
public sealed record InvoiceDisputed(Guid TenantId, Guid InvoiceId, Guid ClientId, string Number, string Provider, string Reason, long AmountMinor, string Currency) : IIntegrationEvent;

/// <summary>
/// A payment provider's payment (positive) or refund (negative) of an invoice was recorded: published
/// once, with the recording. <paramref name="OpenMinor"/> and <paramref name="Status"/> are the invoice's after it;
/// <paramref name="Reference"/> is the provider's id of the payment (a refund's carries its payment's).
/// </summary>
public sealed record InvoicePaymentChanged(Guid TenantId, Guid InvoiceId, Guid ClientId, string Number, Guid PaymentId, long AmountMinor, string Currency,
    string Provider, long OpenMinor, string Status, string? Reference = null) : IIntegrationEvent;

/// <summary>
/// Names of Billing's live events (see <c>Kernel.Live.LiveEvent</c>): "invoice" when an invoice's
/// state or balance changed; its subject is the invoice. Issued invoices carry their client.
/// </summary>
public static class BillingLive
{
    public const string Invoice = "invoice";
}
