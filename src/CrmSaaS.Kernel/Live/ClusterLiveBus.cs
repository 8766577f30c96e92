using System.Text.Json;
using CrmSaaS.Kernel.Cluster;

namespace CrmSaaS.Kernel.Live;

/// <summary>
/// The live bus of several instances: an event published on one is numbered across the cluster and
/// sent to all (<see cref="IClusterNotifications"/>, PostgreSQL NOTIFY), and every instance hands it to
/// its own open connections through its <see cref="InProcessLiveBus"/>. Ids are "c-number" on every
/// instance, so a page that reconnects to another instance resumes where it was; one that resumes from
/// before that instance knew of events is told to resync.
/// </summary>
public sealed class ClusterLiveBus : ILiveBus
{
    public const string Channel = "crmsaas_live";
    public const string Epoch = "c";

    private readonly IClusterNotifications _notifications;

    public ClusterLiveBus(IClusterNotifications notifications)
    {
        _notifications = notifications;
        notifications.Listen(Channel, Receive);
        notifications.WhenLinked(Local.Forget);
    }

    /// <summary>This instance's subscribers and backlog.</summary>
    public InProcessLiveBus Local { get; } = new(Epoch);

    public void Publish(Guid tenantId, LiveEvent liveEvent) =>
        _notifications.Notify(Channel, JsonSerializer.Serialize(new Envelope(tenantId, liveEvent)), numbered: true);

    public LiveSubscription Subscribe(Guid tenantId, string? lastEventId) => Local.Subscribe(tenantId, lastEventId);

    private void Receive(string payload)
    {
        var space = payload.IndexOf(' ');
        if (space <= 0 || !long.TryParse(payload[..space], out var number) || JsonSerializer.Deserialize<Envelope>(payload[(space + 1)..]) is not { } envelope)
        {
            return;
        }

        Local.Deliver(envelope.TenantId, number, envelope.Event);
    }

    private sealed record Envelope(Guid TenantId, LiveEvent Event);
}
