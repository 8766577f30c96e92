using CrmSaaS.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Kernel.Jobs;

/// <summary>
/// Who runs a scheduled job for a team right now. Global (the scheduler, not a team, takes it);
/// one row per job and team, kept and reused.
/// </summary>
public class JobLease
{
    public required string Job { get; set; }
    public Guid TenantId { get; set; }
    public required string HeldBy { get; set; }
    public DateTime Until { get; set; }
}

/// <summary>
/// Makes a scheduled job run once per team across app instances: before an instance works on a team
/// it takes the job's lease for that team in one INSERT … ON CONFLICT DO UPDATE … WHERE the lease has
/// run out (the same statement on SQLite and PostgreSQL, atomic on both), so of two instances whose
/// schedulers fire at the same minute exactly one gets the team. A finished run keeps the lease for
/// <see cref="Cooldown"/>, so an instance whose clock is a little behind does not repeat the work of
/// the same slot; an instance that dies mid-run holds it at most <see cref="Lifetime"/>, after which
/// the next firing anywhere takes the team up again (the jobs themselves are idempotent per record).
/// </summary>
public sealed class JobLeases(AppDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(1);

    /// <summary>Takes the lease of <paramref name="job"/> for the team, or says someone else holds it.</summary>
    public async Task<bool> TryTakeAsync(string job, Guid tenantId, string holder, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Lifetime;
        // Raw SQL passes the tenant filter by; the table is global and the team is in the key.
        var taken = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "JobLeases" ("Job", "TenantId", "HeldBy", "Until") VALUES ({job}, {tenantId}, {holder}, {until})
            ON CONFLICT ("Job", "TenantId") DO UPDATE SET "HeldBy" = excluded."HeldBy", "Until" = excluded."Until"
            WHERE "JobLeases"."Until" < {now}
            """, cancellationToken);
        return taken == 1;
    }

    /// <summary>Ends a run: the lease stays for <see cref="Cooldown"/>, then anyone may take it.</summary>
    public Task ReleaseAsync(string job, Guid tenantId, string holder)
    {
        var until = clock.GetUtcNow().UtcDateTime + Cooldown;
        return db.Set<JobLease>().Where(l => l.Job == job && l.TenantId == tenantId && l.HeldBy == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Until, until), CancellationToken.None);
    }
}
