namespace CrmSaaS.Kernel.Events;

/// <summary>An integration event as written with its change. Global: the Superadmin reads across teams.</summary>
public class StoredEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>The event's type name (<see cref="IntegrationEventRegistry.NameOf"/>).</summary>
    public required string Type { get; set; }
    public required string Payload { get; set; }
    public DateTime OccurredAt { get; set; }
    /// <summary>Who caused it: a person's name or "system: …".</summary>
    public string? Actor { get; set; }
}

public enum DeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    /// <summary>Failed too often; waits for the Superadmin to retry it.</summary>
    DeadLettered = 2,
}

/// <summary>
/// One handler's delivery of one event. The handler's effects and the change to
/// <see cref="DeliveryStatus.Delivered"/> commit together, and (event, handler) is unique, so a
/// handler runs once per event even when two dispatchers reach it at the same time.
/// </summary>
public class EventDelivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EventId { get; set; }
    public Guid TenantId { get; set; }
    public required string Handler { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public string? LastError { get; set; }
}
