using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Time;

/// <summary>Hours this week and month, unbilled time and (for a project) hours against its budget.</summary>
public sealed record TimeSummary(long WeekSeconds, long MonthSeconds, long TotalSeconds, long UnbilledSeconds, IReadOnlyList<Money> UnbilledAmounts,
    decimal? BudgetHours, bool ShowAmounts);

internal static class TimeSummaries
{
    public static async Task<TimeSummary> ForAsync(AppDbContext db, TimeLedger ledger, TimeTracking tracking, ICurrentUser user,
        Guid? clientId, Guid? projectId, decimal? budgetHours, CancellationToken cancellationToken)
    {
        var (_, today) = await tracking.LocalTodayAsync(user.RequireUserId(), cancellationToken);
        var week = LocalDates.WeekStart(today, (await ledger.SettingsAsync(cancellationToken)).FirstDayOfWeek);
        var month = LocalDates.MonthStart(today);
        var days = db.Set<TimeDayTotal>().AsNoTracking().Where(t => (clientId == null || t.ClientId == clientId) && (projectId == null || t.ProjectId == projectId));
        var entries = db.Set<TimeEntry>().AsNoTracking().Where(e => (clientId == null || e.ClientId == clientId) && (projectId == null || e.ProjectId == projectId)
            && e.Billable && e.InvoiceId == null);
        var unbilled = await entries.GroupBy(e => e.RateCurrency ?? "").Select(g => new { g.Key, Seconds = g.Sum(e => (long)e.Seconds), Minor = g.Sum(e => e.AmountMinor) })
            .ToListAsync(cancellationToken);
        // This week, this month and all time in one pass over the day totals.
        var sums = await days.GroupBy(t => 1).Select(g => new
        {
            Week = g.Sum(t => t.Day >= week && t.Day <= today ? t.Seconds : 0),
            Month = g.Sum(t => t.Day >= month && t.Day <= today ? t.Seconds : 0),
            All = g.Sum(t => t.Seconds),
        }).FirstOrDefaultAsync(cancellationToken);
        return new TimeSummary(
            sums?.Week ?? 0,
            sums?.Month ?? 0,
            sums?.All ?? 0,
            unbilled.Sum(u => u.Seconds),
            unbilled.Where(u => u.Key.Length > 0 && u.Minor != 0).Select(u => new Money(u.Minor, u.Key)).ToList(),
            budgetHours,
            user.Has(TimePermissions.Rates));
    }
}

/// <summary>The time section on a client's page.</summary>
public sealed class ClientTimeSectionViewComponent(AppDbContext db, TimeLedger ledger, TimeTracking tracking, ICurrentUser user) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid entityId) =>
        View("~/Areas/Time/Pages/Shared/Components/TimeSection.cshtml",
            await TimeSummaries.ForAsync(db, ledger, tracking, user, entityId, null, null, HttpContext.RequestAborted));
}

/// <summary>The time section on a project's page, with hours against the budget.</summary>
public sealed class ProjectTimeSectionViewComponent(AppDbContext db, TimeLedger ledger, TimeTracking tracking, IProjectAccess access, ICurrentUser user) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid entityId)
    {
        // Only a project the viewer may see (one read: its budget, through the visibility filter).
        var project = await access.VisibleProjects().Where(p => p.Id == entityId).Select(p => new { p.BudgetHours }).SingleOrDefaultAsync(HttpContext.RequestAborted)
            ?? throw new NotFoundException("Project");
        return View("~/Areas/Time/Pages/Shared/Components/TimeSection.cshtml",
            await TimeSummaries.ForAsync(db, ledger, tracking, user, null, entityId, project.BudgetHours, HttpContext.RequestAborted));
    }
}
