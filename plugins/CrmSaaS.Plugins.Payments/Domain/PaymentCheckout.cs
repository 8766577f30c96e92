using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Stripe;

namespace CrmSaaS.Plugins.Payments.Domain;

/// <summary>
/// Paying an invoice online: one attempt per try, for the invoice's open balance then, at the provider
/// the payer chose — a Stripe Checkout Session (payment mode, amount in the currency's minor units,
/// the attempt's id as idempotency key, so a retried request never opens a second session) or a BTCPay
/// Server invoice — naming team, invoice and attempt in its metadata (what the webhooks trust). An open
/// attempt at the same provider for the same amount is reused rather than doubled.
/// </summary>
public sealed class PaymentCheckout(AppDbContext db, IUnitOfWork unitOfWork, ProviderAccounts accounts, IEnumerable<IPaymentProvider> providers,
    ITenantContext tenant, TimeProvider clock, IStringLocalizer<Kernel.Localization.SharedResource> l)
{
    /// <summary>How long Stripe keeps a session open; an attempt older than this is not reused.</summary>
    public static readonly TimeSpan SessionLife = TimeSpan.FromHours(23);

    /// <param name="invoice">The invoice as just read for the payer, whose right to see it the caller has checked.</param>
    /// <returns>The address of the provider's checkout page to send the payer to.</returns>
    public async Task<string> StartAsync(PayableInvoice invoice, PaymentProvider provider, string successUrl, string cancelUrl, CancellationToken cancellationToken)
    {
        var invoiceId = invoice.InvoiceId;
        if (invoice.OpenMinor <= 0)
        {
            throw new ValidationFailedException("", l["This invoice is paid; nothing is open."]);
        }

        var way = providers.Single(p => p.Kind == provider);
        var credentials = way.IsOnline ? await accounts.CredentialsAsync(provider, cancellationToken) : null;
        if (credentials is null || !way.Accepts(invoice))
        {
            throw new ValidationFailedException("", provider == PaymentProvider.Stripe ? l["This invoice cannot be paid by card."] : l["This invoice cannot be paid in crypto."]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var reusable = await db.Set<PaymentAttempt>().AsNoTracking()
            .Where(a => a.InvoiceId == invoiceId && a.Provider == provider && a.Status == AttemptStatus.Open && a.AmountMinor == invoice.OpenMinor
                && a.Currency == invoice.Currency && a.CheckoutUrl != null && a.CreatedAt > now - SessionLife)
            .OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (reusable is not null)
        {
            return reusable.CheckoutUrl!;
        }

        var attempt = new PaymentAttempt { InvoiceId = invoiceId, Provider = provider, AmountMinor = invoice.OpenMinor, Currency = invoice.Currency, CreatedAt = now };
        await unitOfWork.RunAsync(async ct =>
        {
            db.Add(attempt);
            await db.SaveChangesAsync(ct);
        }, cancellationToken);

        string providerId, url;
        try
        {
            (providerId, url) = await way.CheckoutAsync(credentials, invoice, attempt, Metadata(invoice, attempt), successUrl, cancelUrl, cancellationToken);
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException or TaskCanceledException)
        {
            await CloseAsync(attempt.Id, AttemptStatus.Failed, cancellationToken);
            throw new ValidationFailedException("", l["This way to pay is not available just now. Please try again later."]);
        }

        await unitOfWork.RunAsync(async ct =>
        {
            await db.Set<PaymentAttempt>().Where(a => a.Id == attempt.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.ProviderId, providerId).SetProperty(a => a.CheckoutUrl, url), ct);
        }, cancellationToken);
        return url;
    }

    private Dictionary<string, string> Metadata(PayableInvoice invoice, PaymentAttempt attempt) =>
        new() { ["team"] = tenant.Tenant!.Id.ToString(), ["invoice"] = invoice.InvoiceId.ToString(), ["attempt"] = attempt.Id.ToString(), ["orderId"] = invoice.Number };

    private Task CloseAsync(Guid attemptId, AttemptStatus status, CancellationToken cancellationToken) =>
        unitOfWork.RunAsync(ct => db.Set<PaymentAttempt>().Where(a => a.Id == attemptId).CloseAsync(status, clock.GetUtcNow().UtcDateTime, ct), cancellationToken);
}
