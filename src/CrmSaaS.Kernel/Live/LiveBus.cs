using System.Collections.Concurrent;
using System.Threading.Channels;

namespace CrmSaaS.Kernel.Live;

/// <summary>
/// Something changed that open pages may want to show without a reload: an invoice paid, a card moved,
/// new time on a project. It names what changed, never what it now says: a page that hears of it asks
/// its own handler again, which checks access as always.
/// </summary>
/// <param name="Name">The kind, also the server-sent event's name ("invoice", "project", "time", "message").</param>
/// <param name="SubjectId">What changed (the invoice, the project).</param>
/// <param name="TeamPermission">Team members hear of it only when they hold this.</param>
/// <param name="ClientId">The client it belongs to; null for what the team alone may know of.</param>
/// <param name="ProjectId">The project it belongs to, when it belongs to one.</param>
/// <param name="ActorId">Who made the change (null for background work); their own pages already show it.</param>
public sealed record LiveEvent(string Name, Guid SubjectId, string TeamPermission, Guid? ClientId = null, Guid? ProjectId = null, Guid? ActorId = null);

/// <summary>A live event as a team's subscribers receive it, with the id a reconnecting page resumes after.</summary>
public sealed record LiveMessage(string Id, long Sequence, LiveEvent Event);

/// <summary>
/// Fans live events out to the open connections of one team. In one process this is
/// <see cref="InProcessLiveBus"/>; with several instances an implementation carries them between
/// instances (PostgreSQL LISTEN/NOTIFY) and hands them to each instance's subscribers.
/// </summary>
public interface ILiveBus
{
    void Publish(Guid tenantId, LiveEvent liveEvent);

    /// <summary>
    /// Starts receiving the team's events. With <paramref name="lastEventId"/> (from a reconnecting
    /// page) the events published since then come first; when they can no longer be told (too old, or
    /// from before a restart) the subscription says so through <see cref="LiveSubscription.Missed"/>.
    /// </summary>
    LiveSubscription Subscribe(Guid tenantId, string? lastEventId);
}

/// <summary>One open connection's share of a team's events; dispose it when the connection ends.</summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly Channel<LiveMessage> _channel;
    private readonly Action<LiveSubscription> _leave;
    private int _missed;

    internal LiveSubscription(int capacity, Action<LiveSubscription> leave, IReadOnlyList<LiveMessage> backlog, bool missed)
    {
        _channel = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _leave = leave;
        Backlog = backlog;
        _missed = missed ? 1 : 0;
    }

    /// <summary>What was published between the page's last event and this subscription.</summary>
    public IReadOnlyList<LiveMessage> Backlog { get; }

    public ChannelReader<LiveMessage> Reader => _channel.Reader;

    /// <summary>
    /// Whether events were lost for this subscriber (it could not keep up, or resumed too late): the
    /// page should then refresh everything it shows live. Reading it clears it.
    /// </summary>
    public bool TakeMissed() => Interlocked.Exchange(ref _missed, 0) == 1;

    internal void Offer(LiveMessage message)
    {
        if (!_channel.Writer.TryWrite(message))
        {
            Interlocked.Exchange(ref _missed, 1);
        }
    }

    public void Dispose()
    {
        _leave(this);
        _channel.Writer.TryComplete();
    }
}

/// <summary>
/// The live bus of one process: per team, the subscribers and the last <see cref="Retained"/> events
/// (so a page that reconnects resumes where it was). Event ids are "epoch-sequence"; the epoch
/// changes with every start, so an id from before a restart is known to be stale. Behind
/// <see cref="ClusterLiveBus"/> it keeps the events of every instance, numbered across them.
/// </summary>
public sealed class InProcessLiveBus : ILiveBus
{
    /// <summary>Events kept per team for resuming pages.</summary>
    public const int Retained = 512;

    /// <summary>Events a connection may have waiting before it counts as lagging.</summary>
    public const int PerConnection = 256;

    private readonly ConcurrentDictionary<Guid, Team> _teams = new();
    private readonly string _epoch;
    private long _floor;

    public InProcessLiveBus()
        : this(Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()))[..10])
    {
    }

    /// <param name="epoch">The ids' prefix: random per process, or one shared by every instance of a cluster.</param>
    public InProcessLiveBus(string epoch) => _epoch = epoch;

    public void Publish(Guid tenantId, LiveEvent liveEvent) => Append(tenantId, team => team.Sequence + 1, liveEvent);

    /// <summary>
    /// Hands an event numbered elsewhere (by the cluster) to this process's subscribers and keeps it
    /// for resuming pages. Numbers grow across teams, so they need not follow each other within one.
    /// </summary>
    public void Deliver(Guid tenantId, long sequence, LiveEvent liveEvent) => Append(tenantId, _ => sequence, liveEvent);

    private void Append(Guid tenantId, Func<Team, long> number, LiveEvent liveEvent)
    {
        var team = _teams.GetOrAdd(tenantId, _ => new Team(Volatile.Read(ref _floor)));
        LiveSubscription[] subscribers;
        LiveMessage message;
        lock (team)
        {
            var sequence = number(team);
            message = new LiveMessage($"{_epoch}-{sequence}", sequence, liveEvent);
            team.Sequence = Math.Max(team.Sequence, sequence);
            team.Recent.Enqueue(message);
            if (team.Recent.Count > Retained)
            {
                team.DroppedUpTo = team.Recent.Dequeue().Sequence;
            }

            subscribers = team.Snapshot;
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Offer(message);
        }
    }

    /// <summary>
    /// Events up to <paramref name="sequence"/> may have passed this process by (it started late, or
    /// lost its link to the cluster for a while): a page resuming from before that is told to resync.
    /// </summary>
    public void Forget(long sequence)
    {
        Volatile.Write(ref _floor, Math.Max(Volatile.Read(ref _floor), sequence));
        foreach (var team in _teams.Values)
        {
            lock (team)
            {
                team.DroppedUpTo = Math.Max(team.DroppedUpTo, sequence);
                team.Sequence = Math.Max(team.Sequence, sequence);
            }
        }
    }

    public LiveSubscription Subscribe(Guid tenantId, string? lastEventId)
    {
        var team = _teams.GetOrAdd(tenantId, _ => new Team(Volatile.Read(ref _floor)));
        lock (team)
        {
            var (backlog, missed) = Since(team, lastEventId);
            var subscription = new LiveSubscription(PerConnection, Leave(team), backlog, missed);
            team.Subscribers.Add(subscription);
            team.Snapshot = [.. team.Subscribers];
            return subscription;
        }
    }

    /// <summary>Open connections of a team (for tests and the benchmark).</summary>
    public int Connections(Guid tenantId) => _teams.TryGetValue(tenantId, out var team) ? team.Snapshot.Length : 0;

    private (IReadOnlyList<LiveMessage> Backlog, bool Missed) Since(Team team, string? lastEventId)
    {
        if (string.IsNullOrEmpty(lastEventId))
        {
            return ([], false);
        }

        var dash = lastEventId.LastIndexOf('-');
        if (dash <= 0 || lastEventId[..dash] != _epoch || !long.TryParse(lastEventId[(dash + 1)..], out var seen) || seen > team.Sequence)
        {
            return ([], true);
        }

        return (team.Recent.Where(m => m.Sequence > seen).ToList(), seen < team.DroppedUpTo);
    }

    private static Action<LiveSubscription> Leave(Team team) => subscription =>
    {
        lock (team)
        {
            if (team.Subscribers.Remove(subscription))
            {
                team.Snapshot = [.. team.Subscribers];
            }
        }
    };

    private sealed class Team(long floor)
    {
        /// <summary>The highest event number seen for the team.</summary>
        public long Sequence = floor;
        /// <summary>The newest event no longer kept (or not known to this process): resuming from before it misses events.</summary>
        public long DroppedUpTo = floor;
        public readonly Queue<LiveMessage> Recent = new();
        public readonly HashSet<LiveSubscription> Subscribers = [];
        public LiveSubscription[] Snapshot = [];
    }
}
