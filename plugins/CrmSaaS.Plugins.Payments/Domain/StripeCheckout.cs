using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Stripe;
using Stripe.Checkout;

namespace CrmSaaS.Plugins.Payments.Domain;

/// <summary>
/// Paying an invoice by card: one Stripe Checkout Session (payment mode) per attempt, for the invoice's
/// open balance in its currency's minor units, naming team, invoice and attempt in its metadata (what
/// the webhook trusts) and created with the attempt's id as idempotency key, so a retried request
/// never opens a second session. An open attempt for the same amount is reused rather than doubled.
/// </summary>
[ActsAs("payments checkout", OnlinePaymentPermissions.Record)]
public sealed class StripeCheckout(AppDbContext db, IUnitOfWork unitOfWork, IMediator mediator, ProviderAccounts accounts, StripeConnection stripe, ITenantContext tenant,
    TimeProvider clock, IStringLocalizer<Kernel.Localization.SharedResource> l)
{
    /// <summary>How long Stripe keeps a session open; an attempt older than this is not reused.</summary>
    public static readonly TimeSpan SessionLife = TimeSpan.FromHours(23);

    /// <returns>The address of Stripe's checkout page to send the payer to.</returns>
    public async Task<string> StartAsync(Guid invoiceId, string successUrl, string cancelUrl, CancellationToken cancellationToken)
    {
        PayableInvoice? invoice;
        using (SystemActor.Begin(typeof(StripeCheckout)))
        {
            invoice = await mediator.Send(new PayableInvoiceQuery(invoiceId), cancellationToken);
        }

        if (invoice is null)
        {
            throw new NotFoundException("Invoice");
        }

        if (invoice.OpenMinor <= 0)
        {
            throw new ValidationFailedException("", l["This invoice is paid; nothing is open."]);
        }

        var credentials = await accounts.CredentialsAsync(PaymentProvider.Stripe, cancellationToken);
        if (!invoice.AcceptCard || credentials is null)
        {
            throw new ValidationFailedException("", l["This invoice cannot be paid by card."]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var reusable = await db.Set<PaymentAttempt>().AsNoTracking()
            .Where(a => a.InvoiceId == invoiceId && a.Provider == PaymentProvider.Stripe && a.Status == AttemptStatus.Open && a.AmountMinor == invoice.OpenMinor
                && a.Currency == invoice.Currency && a.CheckoutUrl != null && a.CreatedAt > now - SessionLife)
            .OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (reusable is not null)
        {
            return reusable.CheckoutUrl!;
        }

        var attempt = new PaymentAttempt { InvoiceId = invoiceId, Provider = PaymentProvider.Stripe, AmountMinor = invoice.OpenMinor, Currency = invoice.Currency, CreatedAt = now };
        await unitOfWork.RunAsync(async ct =>
        {
            db.Add(attempt);
            await db.SaveChangesAsync(ct);
        }, cancellationToken);

        var team = tenant.Tenant!.Id.ToString();
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = invoiceId.ToString(),
            Locale = invoice.Language == "de" ? "de" : "en",
            SuccessUrl = successUrl,
            CancelUrl = cancelUrl,
            Metadata = new Dictionary<string, string> { ["team"] = team, ["invoice"] = invoiceId.ToString(), ["attempt"] = attempt.Id.ToString() },
            PaymentIntentData = new SessionPaymentIntentDataOptions
            {
                Metadata = new Dictionary<string, string> { ["team"] = team, ["invoice"] = invoiceId.ToString(), ["attempt"] = attempt.Id.ToString() },
            },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        // Stripe counts in the currency's smallest unit, as the invoice does (JPY in yen, KWD in fils).
                        Currency = invoice.Currency.ToLowerInvariant(),
                        UnitAmount = invoice.OpenMinor,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = (invoice.Language == "de" ? "Rechnung " : "Invoice ") + invoice.Number },
                    },
                },
            ],
        };
        Session session;
        try
        {
            session = await new SessionService(stripe.Client(credentials.ApiKey)).CreateAsync(options, new RequestOptions { IdempotencyKey = "checkout-" + attempt.Id }, cancellationToken);
        }
        catch (StripeException)
        {
            await CloseAsync(attempt.Id, AttemptStatus.Failed, cancellationToken);
            throw new ValidationFailedException("", l["Card payment is not available just now. Please try again later."]);
        }

        await unitOfWork.RunAsync(async ct =>
        {
            await db.Set<PaymentAttempt>().Where(a => a.Id == attempt.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.ProviderId, session.Id).SetProperty(a => a.CheckoutUrl, session.Url), ct);
        }, cancellationToken);
        return session.Url;
    }

    private Task CloseAsync(Guid attemptId, AttemptStatus status, CancellationToken cancellationToken) => unitOfWork.RunAsync(async ct =>
    {
        var at = clock.GetUtcNow().UtcDateTime;
        await db.Set<PaymentAttempt>().Where(a => a.Id == attemptId).ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, status).SetProperty(a => a.ClosedAt, at), ct);
    }, cancellationToken);
}
