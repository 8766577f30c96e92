using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Diagnostics;
using CrmSaaS.Kernel.Jobs;
using CrmSaaS.Kernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Kernel.Tenancy;

/// <summary>
/// Runs background work (Coravel jobs, seeding) for teams one at a time, each in its own DI scope
/// inside an explicit tenant scope and as the job's <see cref="SystemActor"/>, so it never depends
/// on an HttpContext. One team's failure is logged and recorded; the other teams still run. With
/// several app instances each team is worked on by one of them per firing (<see cref="JobLeases"/>).
/// When the app is stopping, the team in hand is finished and no further team is begun: their leases
/// are never taken, so the next firing (on another instance, or here after the restart) does them, once.
/// </summary>
public sealed class TenantJobs(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TenantJobs> log, IHostApplicationLifetime lifetime)
{
    public const int ErrorLength = 2000;

    /// <summary>
    /// Runs <paramref name="work"/> once per active team (suspended teams are skipped), acting as the
    /// identity <typeparamref name="TJob"/> declares with <see cref="ActsAsAttribute"/>.
    /// </summary>
    public async Task<JobRun> ForEachActiveTenantAsync<TJob>(Func<IServiceProvider, TenantInfo, CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        var identity = ActsAsAttribute.Of(typeof(TJob));
        List<TenantInfo> tenants;
        var run = new JobRun { Job = identity.Name, StartedAt = clock.GetUtcNow().UtcDateTime };
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            tenants = await db.Tenants.AsNoTracking()
                .Where(t => t.State == TenantState.Active)
                .OrderBy(t => t.CreatedAt)
                .Select(t => new TenantInfo(t.Id, t.Identifier, t.Name, t.State, t.Currency))
                .ToListAsync(cancellationToken);
            db.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }

        var failures = new List<JobFailure>();
        var holder = run.Id.ToString();
        var ran = 0;
        foreach (var (tenant, index) in tenants.Select((t, i) => (t, i)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                run.LeftAtShutdown = tenants.Count - index;
                log.LogInformation("Job {Job} stops with the app; {Teams} teams are left to the next firing", identity.Name, run.LeftAtShutdown);
                break;
            }

            if (!await WithLeasesAsync(leases => leases.TryTakeAsync(identity.Name, tenant.Id, holder, cancellationToken)))
            {
                run.SkippedTeams++;
                Telemetry.JobTeams.Add(1, new("job", identity.Name), new("outcome", "elsewhere"));
                continue;
            }

            ran++;
            using var activity = Telemetry.Source.StartActivity($"job {identity.Name}");
            activity?.SetTag("crmsaas.team", tenant.Identifier);
            try
            {
                await RunAsync(tenant, typeof(TJob), sp => work(sp, tenant, cancellationToken));
                Telemetry.JobTeams.Add(1, new("job", identity.Name), new("outcome", "done"));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                log.LogError(ex, "Job {Job} failed for team {Team}; the other teams go on", identity.Name, tenant.Identifier);
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
                Telemetry.JobTeams.Add(1, new("job", identity.Name), new("outcome", "failed"));
                var error = ex.ToString();
                failures.Add(new JobFailure
                {
                    JobRunId = run.Id, Job = identity.Name, TenantId = tenant.Id, At = clock.GetUtcNow().UtcDateTime,
                    Error = error.Length > ErrorLength ? error[..ErrorLength] : error,
                });
            }
            finally
            {
                await WithLeasesAsync(async leases => { await leases.ReleaseAsync(identity.Name, tenant.Id, holder); return true; });
            }
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            run.Teams = ran;
            run.FailedTeams = failures.Count;
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            // Every count as it stands (counted on the detached record during the run).
            db.Update(run);
            db.AddRange(failures);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return run;
    }

    private async Task<bool> WithLeasesAsync(Func<JobLeases, Task<bool>> use)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<JobLeases>());
    }

    /// <summary>Runs <paramref name="work"/> for one team in a fresh DI scope with that team as the current tenant.</summary>
    public async Task RunAsync(TenantInfo tenant, Func<IServiceProvider, Task> work)
    {
        using var tenantScope = TenantContext.BeginScope(tenant);
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    /// <summary>Runs <paramref name="work"/> for one team as the system actor <paramref name="workType"/> declares.</summary>
    public async Task RunAsync(TenantInfo tenant, Type workType, Func<IServiceProvider, Task> work)
    {
        using var actor = SystemActor.Begin(workType);
        await RunAsync(tenant, work);
    }
}
