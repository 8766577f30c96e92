using System.Collections.Concurrent;
using System.Threading.Channels;
using CrmSaaS.Kernel.Cluster;
using Npgsql;

namespace CrmSaaS.Web.Hosting;

/// <summary>
/// Notifications between the app's instances over PostgreSQL: NOTIFY sends (in the order given, from
/// a queue, so a request never waits on it), one connection per instance LISTENs on
/// <see cref="Channels"/> and hands what arrives to the handlers. Numbered payloads take their number
/// from a database sequence, so it grows across instances. A lost link is opened again; the handlers
/// are then told (<see cref="IClusterNotifications.WhenLinked"/>) that something may have been missed.
/// </summary>
public sealed class PostgresNotifications(string connectionString, ILogger<PostgresNotifications> log) : BackgroundService, IClusterNotifications
{
    /// <summary>The channels every instance listens on.</summary>
    public static readonly IReadOnlyList<string> Channels = [Kernel.Live.ClusterLiveBus.Channel, Kernel.Tenancy.CachedTenantStore.Channel, Kernel.Data.DataVersions.Channel];

    private const string Sequence = "crmsaas_notify_seq";

    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);
    private readonly Channel<(string Channel, string Payload, bool Numbered)> _outgoing = Channel.CreateUnbounded<(string, string, bool)>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, Action<string>[]> _handlers = new(StringComparer.Ordinal);
    private readonly List<Action<long>> _linked = [];
    private long? _linkedAt;

    public void Notify(string channel, string payload, bool numbered = false) => _outgoing.Writer.TryWrite((channel, payload, numbered));

    public void Listen(string channel, Action<string> handler) =>
        _handlers.AddOrUpdate(channel, _ => [handler], (_, existing) => [.. existing, handler]);

    public void WhenLinked(Action<long> handler)
    {
        long? at;
        lock (_linked)
        {
            _linked.Add(handler);
            at = _linkedAt;
        }

        if (at is { } number)
        {
            handler(number);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(SendAsync(stoppingToken), ListenAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a clean end, not a failed service.
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _source.Dispose();
    }

    private async Task SendAsync(CancellationToken stop)
    {
        await foreach (var (channel, payload, numbered) in _outgoing.Reader.ReadAllAsync(stop))
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await using var command = _source.CreateCommand(numbered
                        ? $"SELECT pg_notify($1, nextval('{Sequence}')::text || ' ' || $2)"
                        : "SELECT pg_notify($1, $2)");
                    command.Parameters.Add(new NpgsqlParameter { Value = channel });
                    command.Parameters.Add(new NpgsqlParameter { Value = payload });
                    await command.ExecuteNonQueryAsync(stop);
                    break;
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && !stop.IsCancellationRequested)
                {
                    log.LogWarning(ex, "Could not notify the other instances on {Channel}; trying again", channel);
                    await EnsureSequenceAsync(stop);
                    await Task.Delay(TimeSpan.FromSeconds(1), stop);
                }
            }
        }
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await EnsureSequenceAsync(stop);
                await using var connection = await _source.OpenConnectionAsync(stop);
                connection.Notification += (_, e) => Dispatch(e.Channel, e.Payload);
                foreach (var channel in Channels)
                {
                    await using var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection);
                    await listen.ExecuteNonQueryAsync(stop);
                }

                await using (var last = new NpgsqlCommand($"SELECT last_value FROM {Sequence}", connection))
                {
                    Linked((long)(await last.ExecuteScalarAsync(stop))!);
                }

                while (!stop.IsCancellationRequested)
                {
                    await connection.WaitAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
            {
                log.LogWarning(ex, "Lost the link to the other instances; listening again in a second");
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
        }
    }

    private void Linked(long number)
    {
        Action<long>[] handlers;
        lock (_linked)
        {
            _linkedAt = number;
            handlers = [.. _linked];
        }

        foreach (var handler in handlers)
        {
            handler(number);
        }
    }

    private void Dispatch(string channel, string payload)
    {
        if (!_handlers.TryGetValue(channel, out var handlers))
        {
            return;
        }

        foreach (var handler in handlers)
        {
            try
            {
                handler(payload);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "A handler of {Channel} failed", channel);
            }
        }
    }

    private async Task EnsureSequenceAsync(CancellationToken stop)
    {
        try
        {
            await using var command = _source.CreateCommand($"CREATE SEQUENCE IF NOT EXISTS {Sequence}");
            await command.ExecuteNonQueryAsync(stop);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Another instance created it at the same moment.
        }
    }
}
