using Coravel.Invocable;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>What one client's part of a run came to.</summary>
public sealed record RunOutcome(Guid ClientId, DateOnly PeriodTo, RunStatus Status, string? Reason);

/// <summary>
/// The scheduled invoice run of one team: for each client whose schedule is due at the team's latest
/// run occasion, one <see cref="InvoiceRun"/> per (client, period end) — claimed by inserting its
/// unique row, worked (draft, and as the client's settings say issue and send) and recorded, all in
/// one unit of work of the client's own. A second tick or instance waits on the key and then finds it
/// taken; a crash undoes the claim with the rest, so the next run does it. A Pending row (left by a
/// claim committed on its own) is taken over once its lease has run out. One client failing is
/// recorded and the others go on.
/// </summary>
public sealed class InvoiceRuns(IServiceScopeFactory scopes, AppDbContext db, BillingTerms terms, ICurrentUser user, TimeProvider clock, ILogger<InvoiceRuns> log,
    Microsoft.Extensions.Localization.IStringLocalizer<Kernel.Localization.SharedResource> l, Crm.Contracts.ICrmDirectory crm, Microsoft.Extensions.Configuration.IConfiguration config)
{
    public const int ReasonLength = 500;

    /// <summary>Stored in English; the run log shows it in the reader's language.</summary>
    public const string NothingToInvoice = "No unbilled time up to the end of the period.";

    /// <summary>How long a claimed client may take before another run may take it over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>Per due client: the period the run bills now and whether it was done already.</summary>
    public sealed record Due(Guid ClientId, string Client, BillingSchedule Schedule, DateOnly PeriodFrom, DateOnly PeriodTo, InvoiceRun? Run);

    public async Task<(DateOnly Occasion, IReadOnlyList<Due> Clients)> PreviewAsync(Guid? onlyClient, CancellationToken cancellationToken)
    {
        var profile = await terms.ProfileAsync(cancellationToken);
        var zone = await terms.TeamZoneAsync(cancellationToken);
        var occasion = InvoiceSchedule.LatestOccasion(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone), profile.RunDay, profile.RunAt);
        var scheduled = await db.Set<ClientBillingSettings>().AsNoTracking()
            .Where(s => s.Schedule != BillingSchedule.Manual && (onlyClient == null || s.ClientId == onlyClient))
            .Join(crm.Clients, s => s.ClientId, c => c.Id, (s, c) => new { s.ClientId, c.Name, s.Schedule })
            .OrderBy(c => c.Name).ToListAsync(cancellationToken);
        // One read of the runs for the period ends due now (at most one per schedule), not one per client.
        var ends = Enum.GetValues<BillingSchedule>().Select(s => InvoiceSchedule.DuePeriod(s, occasion)?.To).OfType<DateOnly>().Distinct().ToList();
        var runs = (await db.Set<InvoiceRun>().AsNoTracking().Where(r => ends.Contains(r.PeriodTo) && (onlyClient == null || r.ClientId == onlyClient)).ToListAsync(cancellationToken))
            .ToDictionary(r => (r.ClientId, r.PeriodTo));
        var due = scheduled.Select(client =>
        {
            var (from, to) = InvoiceSchedule.DuePeriod(client.Schedule, occasion)!.Value;
            return new Due(client.ClientId, client.Name, client.Schedule, from, to, runs.GetValueOrDefault((client.ClientId, to)));
        }).ToList();
        return (occasion, due);
    }

    /// <summary>Runs what is due and not done; by hand for one client or all, or on the schedule.</summary>
    public async Task<IReadOnlyList<RunOutcome>> RunDueAsync(Guid? onlyClient, RunTrigger trigger, CancellationToken cancellationToken)
    {
        if (!user.Has(BillingPermissions.Issue))
        {
            throw new ForbiddenException(BillingPermissions.Issue);
        }

        var (_, clients) = await PreviewAsync(onlyClient, cancellationToken);
        var pending = clients.Where(d => d.Run is null || d.Run.Status == RunStatus.Pending).ToList();
        var outcomes = new RunOutcome?[pending.Count];
        // Each client is a unit of work of its own (its own scope, connection and transaction), as
        // when two instances run at once; the outcomes keep the clients' order.
        await Parallel.ForEachAsync(Enumerable.Range(0, pending.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism(), CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await RunOneAsync(pending[i].ClientId, pending[i].PeriodFrom, pending[i].PeriodTo, trigger, ct));

        return outcomes.OfType<RunOutcome>().ToList();
    }

    /// <summary>
    /// How many clients are worked at once. On PostgreSQL several (each waits on the database's round
    /// trips, and only the invoice number's row is taken one at a time); on SQLite one, since its
    /// writers take turns anyway. Inside an open unit of work (whose connection is shared) always one.
    /// </summary>
    private int Parallelism() =>
        AmbientTransaction.Current is not null || !db.IsPostgres ? 1 : Math.Max(1, int.TryParse(config["Billing:RunParallelism"], out var configured) ? configured : DefaultParallelism);

    /// <summary>Clients worked at once on PostgreSQL (Billing:RunParallelism).</summary>
    public const int DefaultParallelism = 4;

    /// <summary>Runs a failed client's period again (by hand, from the run log).</summary>
    public async Task<RunOutcome?> RetryAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (!user.Has(BillingPermissions.Issue))
        {
            throw new ForbiddenException(BillingPermissions.Issue);
        }

        var run = await db.Set<InvoiceRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken) ?? throw new NotFoundException("Run");
        if (run.Status != RunStatus.Failed)
        {
            throw new ValidationFailedException("", l["Only a failed run can be tried again."]);
        }

        await db.Set<InvoiceRun>().Where(r => r.Id == runId && r.Status == RunStatus.Failed)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RunStatus.Pending).SetProperty(r => r.LeaseUntil, (DateTime?)null).SetProperty(r => r.LeaseToken, (Guid?)null), cancellationToken);
        return await RunOneAsync(run.ClientId, run.PeriodFrom, run.PeriodTo, RunTrigger.Manual, cancellationToken);
    }

    /// <returns>The outcome, or null when another run holds this client and period.</returns>
    private async Task<RunOutcome?> RunOneAsync(Guid clientId, DateOnly from, DateOnly to, RunTrigger trigger, CancellationToken cancellationToken)
    {
        // Each client is worked in a scope of its own: its own context, nothing left tracked from the one before.
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var work = services.GetRequiredService<AppDbContext>();
        var token = Guid.NewGuid();
        var unitOfWork = services.GetRequiredService<IUnitOfWork>();
        Guid? runId = null;
        try
        {
            // Claim, invoice and record in one transaction: a run that dies half-way leaves nothing, not
            // even its claim, and a concurrent run waits on the claim's key and then finds it taken.
            return await unitOfWork.RunAsync(async ct =>
            {
                runId = await ClaimAsync(work, clientId, from, to, trigger, token, ct);
                if (runId is null)
                {
                    return null;
                }

                var (status, invoiceId, reason) = await WorkAsync(services, runId.Value, clientId, to, ct);
                var now = clock.GetUtcNow().UtcDateTime;
                var recorded = await work.Set<InvoiceRun>().Where(r => r.Id == runId && r.LeaseToken == token)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, status).SetProperty(r => r.InvoiceId, invoiceId).SetProperty(r => r.Reason, reason)
                        .SetProperty(r => r.FinishedAt, now).SetProperty(r => r.LeaseToken, (Guid?)null).SetProperty(r => r.LeaseUntil, (DateTime?)null), ct);
                return recorded == 1 ? new RunOutcome(clientId, to, status, reason) : throw new LeaseLostException();
            }, cancellationToken);
        }
        catch (LeaseLostException)
        {
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && runId is not null)
        {
            // Everything the client's transaction did is undone; the failure is recorded on its own.
            work.ChangeTracker.Clear();
            var reason = ex is ValidationFailedException invalid ? string.Join(" ", invalid.Errors.SelectMany(e => e.Value)) : ex.GetType().Name + ": " + ex.Message;
            reason = reason.Length > ReasonLength ? reason[..ReasonLength] : reason;
            log.LogWarning(ex, "The invoice run failed for client {Client}, period to {To}; the other clients go on", clientId, to);
            var recorded = await unitOfWork.RunAsync(async ct =>
            {
                var failedId = await ClaimAsync(work, clientId, from, to, trigger, token, ct);
                var now = clock.GetUtcNow().UtcDateTime;
                return failedId is not null && await work.Set<InvoiceRun>().Where(r => r.Id == failedId && r.LeaseToken == token)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RunStatus.Failed).SetProperty(r => r.Reason, reason).SetProperty(r => r.FinishedAt, now)
                        .SetProperty(r => r.LeaseToken, (Guid?)null).SetProperty(r => r.LeaseUntil, (DateTime?)null), ct) == 1;
            }, CancellationToken.None);
            return recorded ? new RunOutcome(clientId, to, RunStatus.Failed, reason) : null;
        }
    }

    /// <summary>Inserts the client's row for the period with our lease, or takes over a Pending one whose lease ran out; null if neither.</summary>
    private async Task<Guid?> ClaimAsync(AppDbContext db, Guid clientId, DateOnly from, DateOnly to, RunTrigger trigger, Guid token, CancellationToken cancellationToken)
    {
        var tenant = db.CurrentTenantId ?? throw new InvalidOperationException("Runs belong to a team.");
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Lease;
        var id = Guid.CreateVersion7();
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"BilRuns\" (\"Id\", \"TenantId\", \"ClientId\", \"PeriodFrom\", \"PeriodTo\", \"Status\", \"Trigger\", \"Attempts\", \"LeaseToken\", \"LeaseUntil\", \"CreatedAt\") VALUES ({id}, {tenant}, {clientId}, {from}, {to}, {(int)RunStatus.Pending}, {(int)trigger}, 1, {token}, {until}, {now}) ON CONFLICT (\"TenantId\", \"ClientId\", \"PeriodTo\") DO NOTHING",
            cancellationToken);
        if (inserted == 1)
        {
            return id;
        }

        var existing = await db.Set<InvoiceRun>().AsNoTracking().Where(r => r.ClientId == clientId && r.PeriodTo == to).Select(r => r.Id).SingleAsync(cancellationToken);
        var taken = await db.Set<InvoiceRun>().Where(r => r.Id == existing && r.Status == RunStatus.Pending && (r.LeaseUntil == null || r.LeaseUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.LeaseToken, token).SetProperty(r => r.LeaseUntil, until).SetProperty(r => r.Attempts, r => r.Attempts + 1), cancellationToken);
        return taken == 1 ? existing : null;
    }

    private static async Task<(RunStatus Status, Guid? InvoiceId, string? Reason)> WorkAsync(IServiceProvider services, Guid runId, Guid clientId, DateOnly to, CancellationToken cancellationToken)
    {
        var terms = services.GetRequiredService<BillingTerms>();
        var settings = await terms.SettingsAsync(clientId, cancellationToken);
        var invoice = await services.GetRequiredService<InvoiceDrafting>().DraftForClientAsync(clientId, to, allowEmpty: false, cancellationToken, runId);
        if (invoice is null)
        {
            return (RunStatus.Skipped, null, NothingToInvoice);
        }

        if (settings.AutoIssue)
        {
            await services.GetRequiredService<InvoiceIssuing>().IssueAsync(invoice.Id, await terms.TodayAsync(cancellationToken), cancellationToken);
            if (settings.AutoSend)
            {
                await services.GetRequiredService<InvoiceSending>().SendAsync(invoice.Id, cancellationToken);
            }
        }

        return (RunStatus.Created, invoice.Id, null);
    }

    private sealed class LeaseLostException : Exception;
}

/// <summary>Every five minutes, in every team: the invoice run when it is due (and, after downtime, the one that was missed).</summary>
[ActsAs("invoice run", BillingPermissions.Read, BillingPermissions.Draft, BillingPermissions.Issue, TimePermissions.Bill)]
public sealed class ScheduledInvoiceRun(TenantJobs jobs) : IInvocable
{
    public Task Invoke() => jobs.ForEachActiveTenantAsync<ScheduledInvoiceRun>(
        (services, _, cancellationToken) => services.GetRequiredService<InvoiceRuns>().RunDueAsync(null, RunTrigger.Schedule, cancellationToken), CancellationToken.None);
}
