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

    public async Task<WebhookResult> TakeOnceAsync(PaymentProvider provider, string eventId, string type, Func<CancellationToken, Task<string>> apply, CancellationToken cancellationToken)
    {
        try
        {
            return await unitOfWork.RunAsync(async ct =>
            {
                if (await db.Set<WebhookEvent>().AnyAsync(e => e.Provider == provider && e.EventId == eventId, ct))
                {
                    return new WebhookResult(AlreadyReceived);
                }

                var outcome = await apply(ct);
                db.Add(new WebhookEvent { Provider = provider, EventId = eventId, Type = type, ReceivedAt = clock.GetUtcNow().UtcDateTime, Outcome = outcome });
                await db.SaveChangesAsync(ct);
                return new WebhookResult(outcome);
            }, cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            log.LogInformation(ex, "{Provider} event {Event} was taken in by a concurrent delivery", provider, eventId);
            return new WebhookResult(AlreadyReceived);
        }
    }
}
