using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Billing.Contracts;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Stripe.Checkout;

namespace CrmSaaS.Plugins.Payments.Domain;

/// <summary>
/// A Stripe webhook comes from Stripe for this team when its <c>Stripe-Signature</c> verifies over the
/// raw body with the team's signing secret (and is at most five minutes old by the app's clock).
/// </summary>
public sealed class StripeSignatureVerifier(ProviderAccounts accounts, TimeProvider clock) : IWebhookSignatureVerifier
{
    public const long ToleranceSeconds = 300;

    public async Task<bool> VerifyAsync(HttpRequest request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (await accounts.CredentialsAsync(PaymentProvider.Stripe, cancellationToken) is not { } stripe || request.Headers["Stripe-Signature"].ToString() is not { Length: > 0 } header)
        {
            return false;
        }

        try
        {
            EventUtility.ValidateSignature(System.Text.Encoding.UTF8.GetString(body.Span), header, stripe.WebhookSecret, ToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds());
            return true;
        }
        catch (StripeException)
        {
            return false;
        }
    }
}

/// <summary>
/// Takes in a verified Stripe event once: its id is written in the same unit of work as its effect, so
/// a redelivery, a retry after a crash or a second instance finds it and changes nothing. Only the
/// event's own objects are read, and only for this team's invoices (the metadata names team and invoice).
/// </summary>
[ActsAs("payments webhook", OnlinePaymentPermissions.Record)]
public sealed class StripeWebhooks(AppDbContext db, WebhookInbox inbox, IMediator mediator, ITenantContext tenant, TenantUrls urls, Kernel.Email.IEmailOutbox outbox, TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<Kernel.Localization.SharedResource> l)
{
    public const string Provider = "stripe";

    public static void Map(PluginEndpoints endpoints) =>
        endpoints.MapSignedWebhook<StripeSignatureVerifier>("/payments/webhooks/stripe",
            async (HttpContext http, StripeWebhooks webhooks, CancellationToken ct) => Results.Ok(await webhooks.HandleAsync(http.WebhookBody().Text, ct)));

    public async Task<WebhookResult> HandleAsync(string json, CancellationToken cancellationToken)
    {
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ParseEvent(json, throwOnApiVersionMismatch: false);
        }
        catch (Exception ex) when (ex is StripeException or Newtonsoft.Json.JsonException)
        {
            throw new Kernel.Validation.ValidationFailedException("", "The body is not a Stripe event.");
        }

        return await TakeAsync(stripeEvent, cancellationToken);
    }

    /// <summary>Takes in one of this team's Stripe events, delivered or found by the reconcile job: once, whichever comes first.</summary>
    public async Task<WebhookResult> TakeAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        using var actor = SystemActor.Begin(typeof(StripeWebhooks));
        return await inbox.TakeOnceAsync(PaymentProvider.Stripe, stripeEvent.Id, stripeEvent.Type, ct => ApplyAsync(stripeEvent, ct), cancellationToken);
    }

    /// <summary>The event types this product acts on (what the reconcile job asks Stripe for).</summary>
    public static readonly IReadOnlyList<string> Handled =
    [
        EventTypes.CheckoutSessionCompleted, EventTypes.CheckoutSessionAsyncPaymentSucceeded, EventTypes.CheckoutSessionAsyncPaymentFailed,
        EventTypes.CheckoutSessionExpired, EventTypes.ChargeRefunded, EventTypes.ChargeDisputeCreated,
    ];

    private async Task<string> ApplyAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        if (stripeEvent.Type == EventTypes.ChargeRefunded && stripeEvent.Data.Object is Charge charge)
        {
            return await RefundedAsync(stripeEvent, charge, cancellationToken);
        }

        if (stripeEvent.Type == EventTypes.ChargeDisputeCreated && stripeEvent.Data.Object is Dispute dispute)
        {
            return await DisputedAsync(dispute, cancellationToken);
        }

        if (stripeEvent.Data.Object is not Session session)
        {
            return "ignored: not handled";
        }

        if (stripeEvent.Type is EventTypes.CheckoutSessionExpired or EventTypes.CheckoutSessionAsyncPaymentFailed)
        {
            await CloseAttemptAsync(session, stripeEvent.Type == EventTypes.CheckoutSessionExpired ? AttemptStatus.Expired : AttemptStatus.Failed, cancellationToken);
            return "attempt closed";
        }

        if (stripeEvent.Type is not (EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded))
        {
            return "ignored: not handled";
        }

        if (session.PaymentStatus != "paid")
        {
            return "ignored: not paid yet";
        }

        var team = tenant.Tenant!.Id.ToString();
        if (session.Metadata?.GetValueOrDefault("team") != team || !Guid.TryParse(session.Metadata.GetValueOrDefault("invoice"), out var invoiceId))
        {
            return "ignored: not this team's invoice";
        }

        ProviderPaymentOutcome result;
        try
        {
            result = await mediator.Send(new RecordProviderPayment(invoiceId, session.AmountTotal ?? 0, (session.Currency ?? "").ToUpperInvariant(), Provider,
                session.PaymentIntentId ?? session.Id, DateOnly.FromDateTime(stripeEvent.Created)), cancellationToken);
        }
        catch (NotFoundException)
        {
            return "ignored: no such invoice";
        }

        await CloseAttemptAsync(session, AttemptStatus.Paid, cancellationToken);
        return result == ProviderPaymentOutcome.Recorded ? "recorded" : "already recorded";
    }

    /// <summary>
    /// A refund (whole or in parts) of a card payment: Stripe reports the charge's refunded total, which
    /// Billing turns into what is new since the refunds it has; the payment must be this team's.
    /// </summary>
    private async Task<string> RefundedAsync(Event stripeEvent, Charge charge, CancellationToken cancellationToken)
    {
        if (charge.PaymentIntentId is not { Length: > 0 } paymentIntent)
        {
            return "ignored: no payment";
        }

        try
        {
            var outcome = await mediator.Send(new RecordProviderRefunds(Provider, paymentIntent, charge.AmountRefunded, (charge.Currency ?? "").ToUpperInvariant(),
                DateOnly.FromDateTime(stripeEvent.Created)), cancellationToken);
            return outcome == ProviderPaymentOutcome.Recorded ? "refund recorded" : "refund already recorded";
        }
        catch (NotFoundException)
        {
            return "ignored: not this team's payment";
        }
    }

    /// <summary>A chargeback: the invoice is flagged once and the team's Organization Managers are told by email.</summary>
    private async Task<string> DisputedAsync(Dispute dispute, CancellationToken cancellationToken)
    {
        if (dispute.PaymentIntentId is not { Length: > 0 } paymentIntent)
        {
            return "ignored: no payment";
        }

        DisputedInvoice flagged;
        try
        {
            flagged = await mediator.Send(new FlagProviderDispute(Provider, paymentIntent, dispute.Reason ?? "unknown", dispute.Amount, (dispute.Currency ?? "").ToUpperInvariant()), cancellationToken);
        }
        catch (NotFoundException)
        {
            return "ignored: not this team's payment";
        }

        if (!flagged.NewlyFlagged)
        {
            return "dispute already flagged";
        }

        var team = tenant.Tenant!;
        var link = urls.ForTeam(team.Identifier, $"/billing/invoices/{flagged.InvoiceId}");
        var managers = await db.Memberships.Where(m => m.Role == TeamRole.OrganizationManager).Select(m => new { m.User!.Email, m.User.Culture }).ToListAsync(cancellationToken);
        foreach (var manager in managers.Where(m => m.Email is not null))
        {
            // Each manager reads it in their own language.
            using var _ = Kernel.Localization.UiCulture.Use(manager.Culture);
            outbox.Enqueue(manager.Email!, l["Payment disputed: invoice {0}", flagged.Number],
                l["A card payment of invoice {0} is disputed at Stripe ({1}). Respond in Stripe's dashboard before the deadline.", flagged.Number, dispute.Reason ?? ""] + "\n\n" + link + "\n");
        }

        return "dispute flagged";
    }

    /// <summary>Closes the attempt the session was opened for (this team's only: the attempt's row carries the team).</summary>
    private async Task CloseAttemptAsync(Session session, AttemptStatus status, CancellationToken cancellationToken)
    {
        await db.Set<PaymentAttempt>().Where(a => a.Provider == PaymentProvider.Stripe && a.ProviderId == session.Id && a.Status == AttemptStatus.Open)
            .CloseAsync(status, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }
}
