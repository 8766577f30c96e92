using System.Globalization;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Time.Domain;

/// <summary>A budget threshold a project has crossed; its unique key makes each alert go out once.</summary>
public class BudgetAlert : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ProjectId { get; set; }
    /// <summary>80 or 100 (percent of the budget hours).</summary>
    public int Percent { get; set; }
    public DateTime SentAt { get; set; }
}

/// <summary>
/// Emails a project's managers when its tracked hours reach 80 % and 100 % of the budget, once each,
/// in the unit of work of the entry that crossed the threshold.
/// </summary>
public sealed class BudgetWatch(AppDbContext db, IProjectDirectory projects, IEmailOutbox outbox, TenantUrls urls, ITenantContext tenant, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public static readonly int[] Thresholds = [80, 100];

    public async Task CheckAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var project = await projects.Projects.SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken);
        if (project?.BudgetHours is not { } budget || budget <= 0)
        {
            return;
        }

        var hours = await db.Set<TimeDayTotal>().Where(t => t.ProjectId == projectId).SumAsync(t => t.Seconds, cancellationToken) / 3600m;
        var sent = await db.Set<BudgetAlert>().Where(a => a.ProjectId == projectId).Select(a => a.Percent).ToListAsync(cancellationToken);
        var due = Thresholds.Where(t => hours >= budget * t / 100m && !sent.Contains(t)).ToList();
        if (due.Count == 0)
        {
            return;
        }

        // The alert rows first: of two entries crossing a threshold at once, only one records it (its
        // unique key), and only that one mails. EF undoes a failed save to a savepoint, so the unit of
        // work goes on either way.
        var now = clock.GetUtcNow().UtcDateTime;
        var alerts = due.Select(t => new BudgetAlert { ProjectId = projectId, Percent = t, SentAt = now }).ToList();
        db.AddRange(alerts);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            foreach (var alert in alerts)
            {
                db.Entry(alert).State = EntityState.Detached;
            }

            return;
        }

        var managers = await projects.Members.Where(m => m.ProjectId == projectId && m.Role == ProjectRole.ProjectManager && m.Active && m.UserId != null)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Email, u.Culture }).ToListAsync(cancellationToken);
        var percent = due.Max();
        foreach (var manager in managers.Where(m => !string.IsNullOrEmpty(m.Email)))
        {
            using var _ = UiCulture.Use(manager.Culture);
            outbox.Enqueue(manager.Email!,
                l["{0} has used {1} % of its budget", project.Name, percent],
                $"{l["{0} has {1} tracked hours of a budget of {2} hours.", project.Name, hours.ToString("0.#", CultureInfo.CurrentUICulture), budget.ToString("0.#", CultureInfo.CurrentUICulture)]}\n\n" +
                urls.ForTeam(tenant.Tenant!.Identifier, $"/projects/{projectId}"));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
