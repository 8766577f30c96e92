using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Time.Areas.Time.Pages;

/// <summary>
/// One week at a glance: hours per client and day (the daily and weekly summaries), the share of
/// hours per client and project (allocation), and per member billable ratio and hours against
/// capacity (productivity), each as a table with a chart beside it.
/// </summary>
[RequiresPermission(TimePermissions.ReadAll)]
public sealed class SummariesModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? Week { get; set; }

    public Summary Data { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Data = await mediator.Send(new Query(Week), cancellationToken);

    public sealed record Share(string Name, long Seconds, decimal Percent);

    public sealed record MemberWeek(string Name, long Seconds, long BillableSeconds, decimal Capacity)
    {
        public decimal BillableRatio => Seconds == 0 ? 0 : Math.Round(100m * BillableSeconds / Seconds, 1);
        public decimal Utilization => Capacity == 0 ? 0 : Math.Round(100m * Seconds / 3600m / Capacity, 1);
    }

    /// <param name="Daily">Per client: the seconds of each day of the week (Monday … or the team's first day).</param>
    public sealed record Summary(DateOnly WeekStart, IReadOnlyList<DateOnly> Days, IReadOnlyList<(string Client, long[] Seconds)> Daily,
        IReadOnlyList<Share> Clients, IReadOnlyList<Share> Projects, IReadOnlyList<MemberWeek> Members);

    [RequiresPermission(TimePermissions.ReadAll)]
    public sealed record Query(DateOnly? Week) : IQuery<Summary>;

    public sealed class Handler(AppDbContext db, ICrmDirectory crm, IProjectDirectory projectDirectory, TimeReports reports, TimeLedger ledger, TimeTracking tracking, ICurrentUser user) : IQueryHandler<Query, Summary>
    {
        public async ValueTask<Summary> Handle(Query query, CancellationToken cancellationToken)
        {
            var (_, today) = await tracking.LocalTodayAsync(user.RequireUserId(), cancellationToken);
            var start = LocalDates.WeekStart(query.Week ?? today, (await ledger.SettingsAsync(cancellationToken)).FirstDayOfWeek);
            var days = Enumerable.Range(0, 7).Select(i => start.AddDays(i)).ToList();
            var filter = new ReportFilter(start, start.AddDays(6));

            var facts = (await reports.FactsAsync(filter, [Grouping.Client, Grouping.Project, Grouping.Member, Grouping.Day], cancellationToken)).Facts;
            var clientIds = facts.Select(f => f.ClientId).Distinct().ToList();
            var projectIds = facts.Where(f => f.ProjectId is not null).Select(f => f.ProjectId!.Value).Distinct().ToList();
            var clients = await crm.Clients.Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
            var projects = await projectDirectory.Projects.Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
            var members = await db.Memberships.AsNoTracking().Select(m => new { m.UserId, m.User!.DisplayName }).ToListAsync(cancellationToken);
            var profiles = await db.Set<MemberTimeProfile>().AsNoTracking().ToDictionaryAsync(p => p.UserId, p => p.WeeklyCapacityHours, cancellationToken);
            var total = facts.Sum(f => f.Seconds);

            var daily = facts.GroupBy(f => f.ClientId)
                .Select(g => (Client: clients.GetValueOrDefault(g.Key, "?"), Seconds: days.Select(d => g.Where(f => f.Day == d).Sum(f => f.Seconds)).ToArray()))
                .OrderBy(r => r.Client, StringComparer.CurrentCulture).ToList();
            List<Share> Shares(IEnumerable<IGrouping<Guid, Fact>> groups, Dictionary<Guid, string> names) => groups
                .Select(g => new Share(names.GetValueOrDefault(g.Key, "?"), g.Sum(f => f.Seconds), total == 0 ? 0 : Math.Round(100m * g.Sum(f => f.Seconds) / total, 1)))
                .OrderByDescending(s => s.Seconds).ToList();
            var byMember = facts.Where(f => f.UserId is not null).GroupBy(f => f.UserId!.Value).ToDictionary(g => g.Key, g => (g.Sum(f => f.Seconds), g.Sum(f => f.Billable ? f.Seconds : 0)));
            var memberWeeks = members
                .Select(m => new MemberWeek(m.DisplayName, byMember.GetValueOrDefault(m.UserId).Item1, byMember.GetValueOrDefault(m.UserId).Item2, profiles.GetValueOrDefault(m.UserId, 40m)))
                .OrderBy(m => m.Name, StringComparer.CurrentCulture).ToList();
            return new Summary(start, days, daily, Shares(facts.GroupBy(f => f.ClientId), clients),
                Shares(facts.Where(f => f.ProjectId is not null).GroupBy(f => f.ProjectId!.Value), projects), memberWeeks);
        }
    }
}
