using System.IO.Compression;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Kernel.DataExport;

/// <summary>Wakes the export worker when an export was asked for.</summary>
public sealed class ExportSignal : Signal;

/// <summary>The actor an export runs as: it reads everything of its team and changes nothing.</summary>
[ActsAs("team export", TeamPermissions.Export)]
public sealed class TeamExportJob;

/// <summary>
/// Prepares team exports. Any instance may take a queued export: it claims it (a conditional update),
/// writes the zip to a temporary file table by table, recording progress, and stores it in chunks;
/// a claim that outlives a crashed instance is taken over and the export starts over, so each export
/// ends as exactly one complete file.
/// </summary>
public sealed class TeamExports(IServiceScopeFactory scopes, TenantJobs jobs, TimeProvider clock, ILogger<TeamExports> log)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(10);
    public const int ChunkSize = 4 * 1024 * 1024;

    /// <summary>Told after each table is written and its progress recorded (the number of tables done).</summary>
    public Action<int>? TableWritten { get; set; }

    /// <summary>Works through every export that is due; returns how many it finished.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var finished = 0;
        while (await ClaimNextAsync(cancellationToken) is { } claimed)
        {
            await jobs.RunAsync(claimed.Tenant, typeof(TeamExportJob), sp => RunAsync(sp, claimed.ExportId, claimed.Claim, cancellationToken));
            finished++;
        }

        return finished;
    }

    private async Task<(Guid ExportId, Guid Claim, TenantInfo Tenant)?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<TeamExport>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.Status == ExportStatus.Queued || (e.Status == ExportStatus.Running && e.ClaimedUntil < now))
            .OrderBy(e => e.RequestedAt).Select(e => new { e.Id, e.TenantId }).Take(10).ToListAsync(cancellationToken);
        foreach (var export in due)
        {
            var claim = Guid.NewGuid();
            var until = now + ClaimLifetime;
            var won = await db.Set<TeamExport>().IgnoreQueryFilters()
                .Where(e => e.Id == export.Id && (e.Status == ExportStatus.Queued || (e.Status == ExportStatus.Running && e.ClaimedUntil < now)))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExportStatus.Running).SetProperty(e => e.ClaimToken, claim).SetProperty(e => e.ClaimedUntil, until)
                    .SetProperty(e => e.TablesDone, 0).SetProperty(e => e.Rows, 0L), cancellationToken);
            if (won == 1)
            {
                var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == export.TenantId)
                    .Select(t => new TenantInfo(t.Id, t.Identifier, t.Name, t.State, t.Currency)).SingleAsync(cancellationToken);
                return (export.Id, claim, tenant);
            }
        }

        return null;
    }

    private async Task RunAsync(IServiceProvider services, Guid exportId, Guid claim, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var writer = new TeamDataWriter(db);
        var file = Path.GetTempFileName();
        try
        {
            // Whatever a crashed run stored is thrown away; this run writes the whole file again.
            await db.Set<TeamExportChunk>().Where(c => c.ExportId == exportId).ExecuteDeleteAsync(cancellationToken);
            var tables = writer.Tables();
            long rows = 0;
            await using (var stream = File.Create(file))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                await WriteReadmeAsync(zip, services, cancellationToken);
                for (var i = 0; i < tables.Count; i++)
                {
                    rows += await writer.WriteAsync(tables[i], zip, cancellationToken);
                    var until = clock.GetUtcNow().UtcDateTime + ClaimLifetime;
                    var (done, total, sofar) = (i + 1, tables.Count, rows);
                    if (await Mine(db, exportId, claim).ExecuteUpdateAsync(s => s.SetProperty(e => e.TablesDone, done).SetProperty(e => e.TablesTotal, total)
                            .SetProperty(e => e.Rows, sofar).SetProperty(e => e.ClaimedUntil, until), cancellationToken) == 0)
                    {
                        log.LogWarning("Export {Export} was taken over by another instance; this run stops", exportId);
                        return;
                    }

                    TableWritten?.Invoke(done);
                }
            }

            var size = new FileInfo(file).Length;
            try
            {
                // The chunks and "done" are saved together, and only while the claim is still this run's.
                await services.GetRequiredService<IUnitOfWork>().RunAsync(async ct =>
                {
                    await using (var source = File.OpenRead(file))
                    {
                        var buffer = new byte[ChunkSize];
                        for (var index = 0; ; index++)
                        {
                            var read = await source.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, ct);
                            if (read == 0)
                            {
                                break;
                            }

                            db.Add(new TeamExportChunk { ExportId = exportId, Index = index, Data = buffer[..read] });
                            await db.SaveChangesAsync(ct);
                            db.ChangeTracker.Clear();
                        }
                    }

                    var finished = clock.GetUtcNow().UtcDateTime;
                    if (await Mine(db, exportId, claim).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExportStatus.Done).SetProperty(e => e.Size, size)
                            .SetProperty(e => e.FinishedAt, finished).SetProperty(e => e.ClaimToken, (Guid?)null).SetProperty(e => e.ClaimedUntil, (DateTime?)null), ct) == 0)
                    {
                        throw new ClaimLostException();
                    }

                    return true;
                }, cancellationToken);
            }
            catch (ClaimLostException)
            {
                log.LogWarning("Export {Export} was taken over by another instance; this run's file is dropped", exportId);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The app is stopping: the export goes back to the queue, and the next start (here or on
            // another instance) writes it from the beginning.
            db.ChangeTracker.Clear();
            await Mine(db, exportId, claim).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExportStatus.Queued)
                .SetProperty(e => e.ClaimToken, (Guid?)null).SetProperty(e => e.ClaimedUntil, (DateTime?)null), CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Export {Export} failed", exportId);
            var error = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
            var at = clock.GetUtcNow().UtcDateTime;
            db.ChangeTracker.Clear();
            await Mine(db, exportId, claim).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExportStatus.Failed).SetProperty(e => e.Error, error)
                .SetProperty(e => e.FinishedAt, at).SetProperty(e => e.ClaimToken, (Guid?)null).SetProperty(e => e.ClaimedUntil, (DateTime?)null), CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Another instance took the export over: this run's chunks are rolled back.</summary>
    private sealed class ClaimLostException : Exception;

    private static IQueryable<TeamExport> Mine(AppDbContext db, Guid exportId, Guid claim) =>
        db.Set<TeamExport>().Where(e => e.Id == exportId && e.ClaimToken == claim && e.Status == ExportStatus.Running);

    /// <summary>A short guide at the top of the zip: what is where, and the team's members with their names.</summary>
    private async Task WriteReadmeAsync(ZipArchive zip, IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var tenant = services.GetRequiredService<ITenantContext>().Tenant!;
        var members = await db.Memberships.AsNoTracking().Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.DisplayName, u.Email, m.Role })
            .OrderBy(m => m.DisplayName).ToListAsync(cancellationToken);
        await using (var writer = new StreamWriter(await zip.CreateEntry("members.csv").OpenAsync(cancellationToken), new System.Text.UTF8Encoding(true)))
        {
            await writer.WriteLineAsync("Name,Email,Role");
            foreach (var m in members)
            {
                await writer.WriteLineAsync($"\"{m.DisplayName.Replace("\"", "\"\"", StringComparison.Ordinal)}\",\"{m.Email}\",{m.Role}");
            }
        }

        await using var readme = new StreamWriter(await zip.CreateEntry("README.txt").OpenAsync(cancellationToken));
        await readme.WriteAsync($"""
            Data export of the team "{tenant.Name}" ({tenant.Identifier}), {clock.GetUtcNow().UtcDateTime:yyyy-MM-dd HH:mm} UTC.

            json/  one file per kind of record, an array of objects (dates in UTC, ISO 8601; amounts as stored).
            csv/   the same records as CSV (UTF-8, comma-separated, one header row).
            files/ stored documents (invoice PDFs and e-invoice XML, logos), named by the record's id.
            members.csv  the team's members with name, email and role.

            Password hashes, sign-in tokens and connection keys are not part of the export.
            """);
    }
}

/// <summary>Runs due exports when one is asked for, and every little while for ones left by a crashed instance.</summary>
public sealed class TeamExportPump(TeamExports exports, ExportSignal signal, IConfiguration config, ILogger<TeamExportPump> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off with the scheduled jobs unless switched on by itself (Exports:Enabled), as the browser tests do.
        if (!config.GetValue("Exports:Enabled", config.GetValue("Jobs:Enabled", true)))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken);
                await exports.RunDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Running team exports failed; trying again shortly");
            }
        }
    }
}
