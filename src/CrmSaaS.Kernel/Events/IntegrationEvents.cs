using System.Text.Json;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Kernel.Events;

/// <summary>
/// A durable integration event: written to the event table in the same transaction as the change it
/// reports, dispatched after the commit by <see cref="IntegrationEventDispatcher"/>, retried, and
/// delivered to each handler once. Handlers of other plugins do follow-up work that may happen a
/// moment later (invoice settings for a new client); work that must roll back with the change is an
/// in-transaction listener instead (a Coravel <c>IEvent</c> or a mediator notification).
/// Implementations are serialized as JSON: plain records of ids and values.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>The team the event belongs to; its handlers run inside that team's tenant scope.</summary>
    Guid TenantId { get; }
}

/// <summary>
/// Handles one kind of integration event, once per event: its effects and the record that it ran
/// commit together. It runs as the <see cref="SystemActor"/> its <see cref="ActsAsAttribute"/> names.
/// </summary>
public interface IIntegrationEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}

/// <summary>Records integration events in the open unit of work.</summary>
public interface IIntegrationEvents
{
    /// <summary>Writes the event, and one pending delivery per handler, with the current change.</summary>
    void Publish<TEvent>(TEvent integrationEvent)
        where TEvent : class, IIntegrationEvent;
}

/// <summary>The handlers registered per event type, and event types by their stored name.</summary>
public sealed class IntegrationEventRegistry
{
    private readonly Dictionary<Type, List<Type>> _handlers = [];
    private readonly Dictionary<string, Type> _eventTypes = new(StringComparer.Ordinal);

    public static string NameOf(Type eventType) => eventType.FullName!;

    public static string HandlerName(Type handlerType) => handlerType.FullName!;

    public void Add(Type eventType, Type handlerType)
    {
        ActsAsAttribute.Of(handlerType);
        if (!_handlers.TryGetValue(eventType, out var handlers))
        {
            _handlers[eventType] = handlers = [];
        }

        if (!handlers.Contains(handlerType))
        {
            handlers.Add(handlerType);
        }

        _eventTypes[NameOf(eventType)] = eventType;
    }

    public IReadOnlyList<Type> HandlersOf(Type eventType) => _handlers.TryGetValue(eventType, out var handlers) ? handlers : [];

    public Type? EventType(string name) => _eventTypes.GetValueOrDefault(name);

    public Type? HandlerType(string name) => _handlers.Values.SelectMany(h => h).FirstOrDefault(h => HandlerName(h) == name);

    public IEnumerable<(Type Event, Type Handler)> All => _handlers.SelectMany(h => h.Value.Select(handler => (h.Key, handler)));
}

public static class IntegrationEventServices
{
    /// <summary>Subscribes <typeparamref name="THandler"/> (scoped) to <typeparamref name="TEvent"/>.</summary>
    public static IServiceCollection AddIntegrationEventHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : IIntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        Registry(services).Add(typeof(TEvent), typeof(THandler));
        services.AddScoped<THandler>();
        return services;
    }

    /// <summary>Makes an event type known without a handler yet, so stored events of it can be read.</summary>
    public static IntegrationEventRegistry Registry(IServiceCollection services)
    {
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(IntegrationEventRegistry))?.ImplementationInstance as IntegrationEventRegistry;
        if (registry is null)
        {
            registry = new IntegrationEventRegistry();
            services.AddSingleton(registry);
        }

        return registry;
    }
}

public sealed class IntegrationEvents(AppDbContext db, IUnitOfWork unitOfWork, IntegrationEventRegistry registry, ICurrentUser user,
    IntegrationEventSignal signal, TimeProvider clock) : IIntegrationEvents
{
    public void Publish<TEvent>(TEvent integrationEvent)
        where TEvent : class, IIntegrationEvent
    {
        unitOfWork.EnsureOpen("Publishing an integration event");
        var now = clock.GetUtcNow().UtcDateTime;
        var stored = new StoredEvent
        {
            TenantId = integrationEvent.TenantId,
            Type = IntegrationEventRegistry.NameOf(typeof(TEvent)),
            Payload = JsonSerializer.Serialize(integrationEvent),
            OccurredAt = now,
            Actor = user.DisplayName,
        };
        db.Add(stored);
        foreach (var handler in registry.HandlersOf(typeof(TEvent)))
        {
            db.Add(new EventDelivery
            {
                EventId = stored.Id, TenantId = stored.TenantId, Handler = IntegrationEventRegistry.HandlerName(handler), NextAttemptAt = now,
            });
        }

        unitOfWork.AfterCommit(_ =>
        {
            signal.Nudge();
            return Task.CompletedTask;
        });
    }
}
