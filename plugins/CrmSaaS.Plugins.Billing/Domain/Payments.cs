using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// Payments against issued invoices: partial payments, an overpayment kept as the client's credit,
/// deletion (audited, like every change here) with the balance and state recomputed in the same unit of work.
/// </summary>
public sealed class Payments(AppDbContext db, InvoiceBalances balances, ICurrentUser user, TimeProvider clock, Kernel.Events.IIntegrationEvents events,
    IStringLocalizer<Kernel.Localization.SharedResource> l)
{
    public async Task<Payment> RecordAsync(Guid invoiceId, decimal amount, DateOnly paidOn, PaymentMethod method, string? reference, CancellationToken cancellationToken)
    {
        var invoice = await balances.HoldAsync(invoiceId, cancellationToken);
        if (invoice.Status == InvoiceStatus.Cancelled)
        {
            throw new ValidationFailedException("Payment.Amount", l["This invoice is cancelled; it takes no payments."]);
        }

        var factor = Currencies.Factor(invoice.Currency);
        if (amount <= 0 || amount > InvoiceLimits.MaxAmount || decimal.Round(amount * factor) != amount * factor)
        {
            throw new ValidationFailedException("Payment.Amount", l["Enter an amount above 0 in {0} with at most {1} decimals.", invoice.Currency, Currencies.Exponent(invoice.Currency)]);
        }

        if (!Enum.IsDefined(method))
        {
            throw new ValidationFailedException("Payment.Method", l["Choose from the lists."]);
        }

        var minor = (long)(amount * factor);
        var open = Math.Max(0, InvoiceBalances.Open(invoice));
        var payment = new Payment
        {
            InvoiceId = invoice.Id, ClientId = invoice.ClientId, AmountMinor = minor, Currency = invoice.Currency, PaidOn = paidOn, Method = method,
            Reference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim(), OverpaidMinor = Math.Max(0, minor - open),
            RecordedBy = user.UserId, RecordedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(payment);
        await db.SaveChangesAsync(cancellationToken);
        await balances.SettleAsync(invoice, cancellationToken);
        return payment;
    }

    public async Task DeleteAsync(Guid invoiceId, Guid paymentId, CancellationToken cancellationToken)
    {
        var invoice = await balances.HoldAsync(invoiceId, cancellationToken);
        var payment = await db.Set<Payment>().SingleOrDefaultAsync(p => p.Id == paymentId && p.InvoiceId == invoice.Id, cancellationToken) ?? throw new NotFoundException("Payment");
        if (payment.Provider is not null)
        {
            throw new ValidationFailedException("", l["This payment came from {0}; refund it there, and the refund is recorded here.", payment.Provider]);
        }

        db.Remove(payment);
        await db.SaveChangesAsync(cancellationToken);

        await ReapportionAsync(invoice, cancellationToken);
        await balances.SettleAsync(invoice, cancellationToken);
    }

    /// <summary>
    /// Records what a payment provider reports (a payment, or a refund as a negative amount) once per
    /// provider and reference: under the invoice's row, a reference already recorded changes nothing.
    /// </summary>
    public async Task<Contracts.ProviderPaymentOutcome> RecordFromProviderAsync(Contracts.RecordProviderPayment command, CancellationToken cancellationToken)
    {
        var invoice = await balances.HoldAsync(command.InvoiceId, cancellationToken, withLines: false);
        if (await db.Set<Payment>().AnyAsync(p => p.Provider == command.Provider && p.ProviderReference == command.Reference, cancellationToken))
        {
            return Contracts.ProviderPaymentOutcome.AlreadyRecorded;
        }

        if (command.Currency != invoice.Currency || command.AmountMinor == 0)
        {
            throw new ValidationFailedException("Payment.Amount", l["A payment of {0} is paid in {0}, not {1}.", invoice.Currency, command.Currency]);
        }

        var payment = new Payment
        {
            InvoiceId = invoice.Id, ClientId = invoice.ClientId, AmountMinor = command.AmountMinor, Currency = invoice.Currency, PaidOn = command.PaidOn,
            Method = command.Provider switch { "stripe" => PaymentMethod.Card, "btcpay" => PaymentMethod.Crypto, _ => PaymentMethod.Other },
            Provider = command.Provider, ProviderReference = command.Reference, FeeMinor = command.FeeMinor, Reference = command.Reference,
            RecordedBy = user.UserId, RecordedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(payment);

        // The invoice's payments, this one among them, apportioned and summed here, and everything saved at once.
        var payments = await db.Set<Payment>().Where(p => p.InvoiceId == invoice.Id).ToListAsync(cancellationToken);
        payments.Add(payment);
        Apportion(invoice, payments);
        await balances.SetStateAsync(invoice, payments.Sum(p => p.AmountMinor - p.OverpaidMinor), cancellationToken);
        events.Publish(new Contracts.InvoicePaymentChanged(invoice.TenantId, invoice.Id, invoice.ClientId, invoice.Number!, payment.Id, payment.AmountMinor, invoice.Currency,
            command.Provider, Math.Max(0, InvoiceBalances.Open(invoice)), invoice.Status.ToString(), command.Reference));
        await db.SaveChangesAsync(cancellationToken);
        return Contracts.ProviderPaymentOutcome.Recorded;
    }

    /// <summary>
    /// Records what a provider's running refund total adds to the refunds of one of its payments, as a
    /// negative payment whose reference carries the total (so the same report twice is one refund, and
    /// an older, smaller total adds nothing).
    /// </summary>
    public async Task<Contracts.ProviderPaymentOutcome> RecordProviderRefundsAsync(Contracts.RecordProviderRefunds command, CancellationToken cancellationToken)
    {
        var paid = await db.Set<Payment>().AsNoTracking().Where(p => p.Provider == command.Provider && p.ProviderReference == command.PaymentReference)
            .Select(p => new { p.InvoiceId }).SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Payment");
        var invoice = await balances.HoldAsync(paid.InvoiceId, cancellationToken);
        var prefix = command.PaymentReference + RefundedTo;
        var refunded = -await db.Set<Payment>().Where(p => p.Provider == command.Provider && p.ProviderReference!.StartsWith(prefix)).SumAsync(p => p.AmountMinor, cancellationToken);
        var more = command.RefundedTotalMinor - refunded;
        if (more <= 0)
        {
            return Contracts.ProviderPaymentOutcome.AlreadyRecorded;
        }

        if (command.Currency != invoice.Currency)
        {
            throw new ValidationFailedException("Payment.Amount", l["A payment of {0} is paid in {0}, not {1}.", invoice.Currency, command.Currency]);
        }

        return await RecordFromProviderAsync(new Contracts.RecordProviderPayment(invoice.Id, -more, command.Currency, command.Provider,
            prefix + command.RefundedTotalMinor.ToString(System.Globalization.CultureInfo.InvariantCulture), command.RefundedOn), cancellationToken);
    }

    /// <summary>How a refund's reference continues its payment's: "pi_123/refunded-to/5000".</summary>
    public const string RefundedTo = "/refunded-to/";

    /// <summary>
    /// What the payments together pay beyond what the invoice asks is the client's credit, carried by the
    /// latest payments: recomputed whenever a payment or refund comes or goes, so a refund first uses up
    /// the credit and only then reopens the invoice.
    /// </summary>
    private async Task ReapportionAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        Apportion(invoice, await db.Set<Payment>().Where(p => p.InvoiceId == invoice.Id).ToListAsync(cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Gives what all <paramref name="payments"/> of the invoice pay beyond what it asks to the latest of them, as the client's credit.</summary>
    private static void Apportion(Invoice invoice, IReadOnlyList<Payment> payments)
    {
        var excess = Math.Max(0, payments.Sum(p => p.AmountMinor) - Math.Max(0, invoice.GrossMinor - invoice.CreditedMinor));
        foreach (var payment in payments.OrderByDescending(p => p.RecordedAt).ThenByDescending(p => p.Id))
        {
            payment.OverpaidMinor = Math.Min(excess, Math.Max(0, payment.AmountMinor));
            excess -= payment.OverpaidMinor;
        }
    }

    /// <summary>The method's name as the UI shows it (a key of the shared texts).</summary>
    public static string Label(PaymentMethod method) => method switch
    {
        PaymentMethod.BankTransfer => "Bank transfer",
        PaymentMethod.Cash => "Cash",
        PaymentMethod.Card => "Card",
        PaymentMethod.Crypto => "Crypto",
        _ => "Other",
    };

    /// <summary>The client's credit: what its payments paid beyond their invoices.</summary>
    public Task<long> CreditAsync(Guid clientId, string currency, CancellationToken cancellationToken) =>
        db.Set<Payment>().Where(p => p.ClientId == clientId && p.Currency == currency).SumAsync(p => p.OverpaidMinor, cancellationToken);
}
