using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmSaaS.Kernel.Data;

/// <summary>
/// How often each team's data has changed in this process, and how often data of no team (accounts,
/// the root site) has: what was computed from the data at one version, a stored page, is stale at any
/// other. A version only grows; it is not shared between instances.
/// </summary>
public sealed class DataVersions
{
    private readonly ConcurrentDictionary<Guid, long> _teams = new();
    private long _unowned;

    /// <summary>The data of <paramref name="team"/>, or with null of no team (which every team's pages may show), has changed.</summary>
    public void Changed(Guid? team)
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

    /// <summary>The version of what a page of <paramref name="team"/> may show: the team's data and data of no team.</summary>
    public string Of(Guid team) =>
        $"{Interlocked.Read(ref _unowned)}.{(_teams.TryGetValue(team, out var version) ? version : 0)}";
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

    // A statement read as it runs (INSERT … RETURNING) has finished only once its reader is closed.
    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Wrote(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Wrote(command, eventData);
        return ValueTask.FromResult(result);
    }

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
