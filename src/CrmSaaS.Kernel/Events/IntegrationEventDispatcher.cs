using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Kernel.Events;

/// <summary>Wakes the dispatcher when a commit has written events.</summary>
public sealed class IntegrationEventSignal : Signal;

/// <summary>
/// Delivers pending integration events to their handlers: each delivery in its own DI scope, inside
/// the event's team, as the handler's system actor, in one unit of work with the record that it was
/// delivered. A failed delivery rolls back, is retried with backoff, and after
/// <see cref="MaxAttempts"/> is dead-lettered for the Superadmin.
/// </summary>
public sealed class IntegrationEventDispatcher(IServiceScopeFactory scopes, IntegrationEventRegistry registry, TimeProvider clock, ILogger<IntegrationEventDispatcher> log)
{
    public const int MaxAttempts = 8;
    public const int BatchSize = 50;
    public const int ErrorLength = 2000;
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    private static readonly ConcurrentDictionary<Type, MethodInfo> HandleMethods = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Delivers every delivery due now; returns how many were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var attempted = 0;
            var seen = new HashSet<Guid>();
            while (true)
            {
                var due = await DueAsync(cancellationToken);
                due.RemoveAll(d => !seen.Add(d.Id));
                if (due.Count == 0)
                {
                    return attempted;
                }

                foreach (var delivery in due)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await DeliverAsync(delivery, cancellationToken);
                    attempted++;
                }
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private sealed record Due(Guid Id, Guid EventId, Guid TenantId, string Handler, int Attempts, string Type, string Payload);

    private async Task<List<Due>> DueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<EventDelivery>().AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Join(db.Set<StoredEvent>(), d => d.EventId, e => e.Id, (d, e) => new Due(d.Id, d.EventId, d.TenantId, d.Handler, d.Attempts, e.Type, e.Payload))
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
    }

    private async Task DeliverAsync(Due delivery, CancellationToken cancellationToken)
    {
        try
        {
            var eventType = registry.EventType(delivery.Type) ?? throw new InvalidOperationException($"No event type is registered as '{delivery.Type}'.");
            var handlerType = registry.HandlerType(delivery.Handler) ?? throw new InvalidOperationException($"No handler '{delivery.Handler}' is registered for {delivery.Type}.");
            var integrationEvent = JsonSerializer.Deserialize(delivery.Payload, eventType) ?? throw new InvalidOperationException("The stored event is empty.");
            var tenant = await TenantAsync(delivery.TenantId, cancellationToken);
            using var tenantScope = TenantContext.BeginScope(tenant);
            using var actor = SystemActor.Begin(handlerType);
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<AppDbContext>();
            await services.GetRequiredService<IUnitOfWork>().RunAsync(async ct =>
            {
                var handler = services.GetRequiredService(handlerType);
                var handle = HandleMethods.GetOrAdd(eventType, t => typeof(IIntegrationEventHandler<>).MakeGenericType(t).GetMethod(nameof(IIntegrationEventHandler<IIntegrationEvent>.HandleAsync))!);
                await (Task)handle.Invoke(handler, [integrationEvent, ct])!;
                var now = clock.GetUtcNow().UtcDateTime;
                var marked = await db.Set<EventDelivery>().Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Delivered).SetProperty(d => d.DeliveredAt, now)
                        .SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.LastError, (string?)null), ct);
                if (marked != 1)
                {
                    throw new DeliveredElsewhereException();
                }
            }, cancellationToken);
        }
        catch (DeliveredElsewhereException)
        {
            log.LogInformation("Delivery {Delivery} was completed by another dispatcher; this run's effects were rolled back", delivery.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = (ex is TargetInvocationException { InnerException: { } inner } ? inner : ex).ToString();
            await RecordFailureAsync(delivery, error, cancellationToken);
        }
    }

    private async Task<TenantInfo> TenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tenants.AsNoTracking()
            .Where(t => t.Id == tenantId)
            .Select(t => new TenantInfo(t.Id, t.Identifier, t.Name, t.State, t.Currency))
            .SingleOrDefaultAsync(cancellationToken) ?? throw new InvalidOperationException($"The event's team {tenantId} no longer exists.");
    }

    private async Task RecordFailureAsync(Due delivery, string error, CancellationToken cancellationToken)
    {
        var attempts = delivery.Attempts + 1;
        var deadLetter = attempts >= MaxAttempts;
        var now = clock.GetUtcNow().UtcDateTime;
        var next = now + Backoff(attempts);
        var trimmed = error.Length > ErrorLength ? error[..ErrorLength] : error;
        if (deadLetter)
        {
            log.LogError("Delivery {Delivery} of {Type} to {Handler} failed {Attempts} times and is dead-lettered: {Error}", delivery.Id, delivery.Type, delivery.Handler, attempts, trimmed);
        }
        else
        {
            log.LogWarning("Delivery {Delivery} of {Type} to {Handler} failed (attempt {Attempts}); retrying at {Next}: {Error}", delivery.Id, delivery.Type, delivery.Handler, attempts, next, trimmed);
        }

        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<EventDelivery>()
            .Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, attempts).SetProperty(d => d.NextAttemptAt, next).SetProperty(d => d.LastError, trimmed)
                .SetProperty(d => d.Status, deadLetter ? DeliveryStatus.DeadLettered : DeliveryStatus.Pending), CancellationToken.None);
    }

    public static TimeSpan Backoff(int attempts)
    {
        var delay = TimeSpan.FromSeconds(5 * Math.Pow(2, Math.Min(attempts - 1, 16)));
        return delay < MaxBackoff ? delay : MaxBackoff;
    }

    private sealed class DeliveredElsewhereException() : Exception("The delivery was completed by another dispatcher.");
}

/// <summary>Runs the dispatcher when nudged after a commit, and every few seconds for retries.</summary>
public sealed class IntegrationEventPump(IntegrationEventDispatcher dispatcher, IntegrationEventSignal signal, IConfiguration config, ILogger<IntegrationEventPump> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Events:Enabled", true))
        {
            return;
        }

        var poll = TimeSpan.FromSeconds(config.GetValue("Events:PollSeconds", 5));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(poll, stoppingToken);
                await dispatcher.DispatchDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Dispatching integration events failed; trying again shortly");
            }
        }
    }
}
