using System.Collections.Concurrent;

namespace CrmSaaS.Kernel.Cluster;

/// <summary>
/// Messages to every instance of the app, this one included: a team's cache to drop, a live event to
/// fan out. In one process they are handed over at once (<see cref="InProcessNotifications"/>); on
/// PostgreSQL they travel by NOTIFY and arrive by LISTEN on every instance.
/// </summary>
public interface IClusterNotifications
{
    /// <summary>
    /// Sends <paramref name="payload"/> on <paramref name="channel"/>. With <paramref name="numbered"/>
    /// the payload arrives prefixed by a number that grows across all instances, and a space.
    /// </summary>
    void Notify(string channel, string payload, bool numbered = false);

    /// <summary>Calls <paramref name="handler"/> with every payload that arrives on <paramref name="channel"/>.</summary>
    void Listen(string channel, Action<string> handler);

    /// <summary>
    /// Calls <paramref name="handler"/> each time this instance starts hearing the cluster (at start,
    /// and again after its link was lost), with the newest number then: what was numbered up to it may
    /// have passed this instance by.
    /// </summary>
    void WhenLinked(Action<long> handler);
}

/// <summary>The notifications of a single instance: delivered in the sender's thread, before Notify returns.</summary>
public sealed class InProcessNotifications : IClusterNotifications
{
    private readonly ConcurrentDictionary<string, ImmutableHandlers> _handlers = new(StringComparer.Ordinal);
    private long _number;

    public void Notify(string channel, string payload, bool numbered = false)
    {
        if (numbered)
        {
            payload = $"{Interlocked.Increment(ref _number)} {payload}";
        }

        if (_handlers.TryGetValue(channel, out var handlers))
        {
            foreach (var handler in handlers.All)
            {
                handler(payload);
            }
        }
    }

    /// <summary>One process hears everything from its start.</summary>
    public void WhenLinked(Action<long> handler)
    {
    }

    public void Listen(string channel, Action<string> handler) =>
        _handlers.AddOrUpdate(channel, _ => new ImmutableHandlers([handler]), (_, existing) => new ImmutableHandlers([.. existing.All, handler]));

    private sealed record ImmutableHandlers(Action<string>[] All);
}
