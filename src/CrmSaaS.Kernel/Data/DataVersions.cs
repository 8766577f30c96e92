using System.Collections.Concurrent;
using System.Data.Common;
using CrmSaaS.Kernel.Cluster;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmSaaS.Kernel.Data;

/// <summary>
/// How often each team's data has changed, and how often data of no team (accounts, the root site)
/// has: what was computed from the data at one version, a stored page, is stale at any other. A version
/// only grows. With several instances (<see cref="IClusterNotifications"/> over PostgreSQL) a change
/// counted here is told to the others, coalesced: the changes made while one notice is on its way go
/// out together in the next; an instance whose link was lost takes everything as changed.
/// </summary>
public sealed class DataVersions
{
    public const string Channel = "crmsaas_data";

    // A notice names at most this many teams; more are sent as "everything changed" (NOTIFY payloads are short).
    private const int MaxTeamsPerNotice = 100;
    private const string Everything = "*";

    private readonly ConcurrentDictionary<Guid, long> _teams = new();
    private readonly IClusterNotifications? _cluster;
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly HashSet<string> _unsent = [];
    private bool _noticeQueued;
    private long _unowned;

    /// <summary>The versions of one instance alone.</summary>
    public DataVersions()
    {
    }

    /// <summary>The versions of one of several instances: changes go to the others and come from them.</summary>
    public DataVersions(IClusterNotifications cluster)
    {
        _cluster = cluster;
        cluster.Listen(Channel, Heard);
        cluster.WhenLinked(_ => Count(null));
    }

    /// <summary>The data of <paramref name="team"/>, or with null of no team (which every team's pages may show), has changed.</summary>
    public void Changed(Guid? team)
    {
        Count(team);
        if (_cluster is not null)
        {
            Tell(team);
        }
    }

    /// <summary>The version of what a page of <paramref name="team"/> may show: the team's data and data of no team.</summary>
    public string Of(Guid team) =>
        $"{Interlocked.Read(ref _unowned)}.{(_teams.TryGetValue(team, out var version) ? version : 0)}";

    private void Count(Guid? team)
    {
        if (team is { } id)
        {
            _teams.AddOrUpdate(id, 1, static (_, version) => version + 1);
        }
        else
        {
            Interlocked.Increment(ref _unowned);
        }
    }

    private void Tell(Guid? team)
    {
        lock (_unsent)
        {
            _unsent.Add(team?.ToString("N") ?? Everything);
            if (_noticeQueued)
            {
                return;
            }

            _noticeQueued = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static versions => versions.SendNotice(), this, preferLocal: false);
    }

    private void SendNotice()
    {
        string teams;
        lock (_unsent)
        {
            teams = _unsent.Count > MaxTeamsPerNotice || _unsent.Contains(Everything) ? Everything : string.Join(',', _unsent);
            _unsent.Clear();
            _noticeQueued = false;
        }

        _cluster!.Notify(Channel, $"{_instance} {teams}");
    }

    private void Heard(string payload)
    {
        var space = payload.IndexOf(' ');
        if (space < 0 || payload.AsSpan(0, space).SequenceEqual(_instance))
        {
            return;
        }

        foreach (var team in payload[(space + 1)..].Split(','))
        {
            if (team == Everything)
            {
                Count(null);
            }
            else if (Guid.TryParseExact(team, "N", out var id))
            {
                Count(id);
            }
        }
    }
}

/// <summary>
/// Moves <see cref="DataVersions"/> on for the context's team after every statement that may have
/// written (anything but a SELECT or a PRAGMA) and after every commit: after, so that nothing read
/// before the change became visible is taken for the new version.
/// </summary>
public sealed class DataChangeInterceptor(DataVersions versions) : DbCommandInterceptor, IDbTransactionInterceptor
{
    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Wrote(command, eventData);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Wrote(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Wrote(command, eventData);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Wrote(command, eventData);
        return ValueTask.FromResult(result);
    }

    // A statement read as it runs (INSERT … RETURNING) has finished only once its reader is disposed
    // (EF disposes every reader, synchronously or not, through this one event).
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Wrote(command, eventData);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        versions.Changed(TeamOf(eventData));

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        versions.Changed(TeamOf(eventData));
        return Task.CompletedTask;
    }

    private void Wrote(DbCommand command, DbContextEventData eventData)
    {
        if (MayWrite(command.CommandText))
        {
            versions.Changed(TeamOf(eventData));
        }
    }

    private static Guid? TeamOf(DbContextEventData eventData) => (eventData.Context as AppDbContext)?.CurrentTenantId;

    /// <summary>False only for a statement that begins (after blanks and -- comments) with SELECT or PRAGMA.</summary>
    public static bool MayWrite(string sql)
    {
        var text = sql.AsSpan();
        while (true)
        {
            text = text.TrimStart();
            if (!text.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            var end = text.IndexOf('\n');
            text = end < 0 ? [] : text[(end + 1)..];
        }

        return !(text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase));
    }
}
