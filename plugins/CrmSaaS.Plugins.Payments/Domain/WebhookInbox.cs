using CrmSaaS.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Plugins.Payments.Domain;

/// <summary>What a provider's event came to, as recorded with it.</summary>
public sealed record WebhookResult(string Outcome);

/// <summary>
/// Takes in a provider's event once: its id is written in the same unit of work as its effect, so a
/// redelivery, a retry after a crash or a second instance finds it and changes nothing; two deliveries
/// at the same moment meet at the unique key, and the second is told it was received already.
/// </summary>
public sealed class WebhookInbox(AppDbContext db, IUnitOfWork unitOfWork, TimeProvider clock, ILogger<WebhookInbox> log)
{
    public const string AlreadyReceived = "already received";

    /// <summary>Whether the event was taken in already (a quick look before any work; the unique key decides).</summary>
    private Task<bool> KnownAsync(PaymentProvider provider, string eventId, CancellationToken cancellationToken) =>
        db.Set<WebhookEvent>().AsNoTracking().AnyAsync(e => e.Provider == provider && e.EventId == eventId, cancellationToken);

    public async Task<WebhookResult> TakeOnceAsync(PaymentProvider provider, string eventId, string type, Func<CancellationToken, Task<string>> apply, CancellationToken cancellationToken)
    {
        if (await KnownAsync(provider, eventId, cancellationToken))
        {
            return new WebhookResult(AlreadyReceived);
        }

        try
        {
            // Whether it is new is decided by the event's unique key when the unit of work commits: a
            // delivery racing this one rolls back with all of its effects and is told it was received.
            return await unitOfWork.RunAsync(async ct =>
            {
                var outcome = await apply(ct);
                db.Add(new WebhookEvent { Provider = provider, EventId = eventId, Type = type, ReceivedAt = clock.GetUtcNow().UtcDateTime, Outcome = outcome });
                await db.SaveChangesAsync(ct);
                return new WebhookResult(outcome);
            }, cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            if (!await KnownAfterFailureAsync(provider, eventId, cancellationToken))
            {
                throw;
            }

            log.LogInformation(ex, "{Provider} event {Event} was taken in by a concurrent delivery", provider, eventId);
            return new WebhookResult(AlreadyReceived);
        }
    }

    /// <summary>
    /// After a failed write: only when the event is recorded now did another delivery take it in. Anything
    /// else (a crash of the write, a full disk) is thrown on, so the provider is answered with an error and
    /// delivers again: nothing was recorded of it.
    /// </summary>
    private async Task<bool> KnownAfterFailureAsync(PaymentProvider provider, string eventId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await KnownAsync(provider, eventId, cancellationToken);
    }
}
