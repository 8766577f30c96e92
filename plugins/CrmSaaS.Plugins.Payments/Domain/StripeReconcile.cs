using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Billing.Contracts;
using Coravel.Invocable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stripe;

namespace CrmSaaS.Plugins.Payments.Domain;

/// <summary>What a reconcile pass found: events Stripe listed, and those of them taken in only now.</summary>
public sealed record ReconcileResult(int Listed, int Applied);

/// <summary>
/// Stripe's events of the last days, listed from its API and taken in like deliveries: those the
/// webhook already brought are known and skipped, any that never arrived (an endpoint down, a
/// misconfigured secret) are applied now, once.
/// </summary>
public sealed class StripeReconcile(ProviderAccounts accounts, StripeConnection stripe, StripeWebhooks webhooks, TimeProvider clock, ILogger<StripeReconcile> log)
{
    /// <summary>How far back each pass looks (Stripe keeps events for 30 days).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(3);

    /// <summary>The longest a pass asked for by hand looks back: as long as Stripe keeps events.</summary>
    public static readonly TimeSpan LongestWindow = TimeSpan.FromDays(30);

    /// <param name="window">How far back; the daily job's <see cref="Window"/> unless given (at most <see cref="LongestWindow"/>).</param>
    public async Task<ReconcileResult> RunAsync(CancellationToken cancellationToken, TimeSpan? window = null)
    {
        if (await accounts.CredentialsAsync(PaymentProvider.Stripe, cancellationToken) is not { } credentials)
        {
            return new ReconcileResult(0, 0);
        }

        var options = new EventListOptions
        {
            Created = new DateRangeOptions { GreaterThanOrEqual = clock.GetUtcNow().UtcDateTime - (window is { } asked ? (asked < LongestWindow ? asked : LongestWindow) : Window) },
            Types = [.. StripeWebhooks.Handled],
            Limit = 100,
        };
        var events = new List<Event>();
        await foreach (var stripeEvent in new EventService(stripe.Client(credentials.ApiKey)).ListAutoPagingAsync(options, cancellationToken: cancellationToken))
        {
            events.Add(stripeEvent);
        }

        var applied = 0;
        // Oldest first, as they happened; the handlers do not depend on it.
        foreach (var stripeEvent in events.OrderBy(e => e.Created))
        {
            if ((await webhooks.TakeAsync(stripeEvent, cancellationToken)).Outcome != WebhookInbox.AlreadyReceived)
            {
                applied++;
                log.LogWarning("Stripe event {Event} ({Type}) had not arrived as a webhook; taken in by reconcile", stripeEvent.Id, stripeEvent.Type);
            }
        }

        return new ReconcileResult(events.Count, applied);
    }
}

/// <summary>Once a day, in every team with Stripe: the events of the last days that never arrived.</summary>
[ActsAs("stripe reconcile", OnlinePaymentPermissions.Record)]
public sealed class ScheduledStripeReconcile(TenantJobs jobs) : IInvocable
{
    public Task Invoke() => jobs.ForEachActiveTenantAsync<ScheduledStripeReconcile>(
        (services, _, cancellationToken) => services.GetRequiredService<StripeReconcile>().RunAsync(cancellationToken), CancellationToken.None);
}
