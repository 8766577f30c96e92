using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Web;
using CrmSaaS.Plugins.Time.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Time.Areas.Time.Pages;

/// <summary>Time reports: filters, one or two groupings, totals of hours and amounts per currency, CSV of what is shown.</summary>
[RequiresPermission(TimePermissions.Track)]
[OutputCache(PolicyName = PageCache.Policy)]
public sealed class ReportsModel(IMediator mediator, TrackableProjects trackable, TeamMembers members, ICurrentUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Query Filter { get; set; } = new();

    public Result Data { get; private set; } = null!;
    public bool SeesAll => user.Has(TimePermissions.ReadAll);
    public bool SeesAmounts => user.Has(TimePermissions.Rates);
    public IReadOnlyList<(Guid Id, string Name)> Clients { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Members { get; private set; } = [];
    public IReadOnlyList<ProjectChoice> Projects { get; private set; } = [];
    public IReadOnlyList<TaskChoice> Tasks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Clients = await trackable.ClientsAsync(cancellationToken);
        Members = SeesAll ? await members.ListAsync(cancellationToken) : [];
        Projects = await trackable.VisibleAsync(cancellationToken);
        Tasks = Filter.Project is { } project && Projects.Any(p => p.Id == project) ? await trackable.TasksOfAsync(project, cancellationToken) : [];
        // Shown as it stands when the filter is refused (the message goes beside the field).
        Data = new Result(Filter.From ?? default, Filter.To ?? default, [], [], new Line([], 0, 0, new Dictionary<string, long>(), 0), []);
        Data = await mediator.Send(Filter, cancellationToken);
    }

    public sealed record Line(IReadOnlyList<string> Labels, long Seconds, long BillableSeconds, IReadOnlyDictionary<string, long> AmountMinor, int Entries);

    public sealed record Result(DateOnly From, DateOnly To, IReadOnlyList<string> Headings, IReadOnlyList<Line> Lines, Line Total, IReadOnlyList<string> Currencies);

    [RequiresPermission(TimePermissions.Track)]
    public sealed class Query : IQuery<Result>
    {
        /// <summary>today, this-week, last-week, this-month, last-month or custom (From and To).</summary>
        public string Range { get; set; } = "this-month";
        public DateOnly? From { get; set; }
        public DateOnly? To { get; set; }
        public Guid? Client { get; set; }
        public Guid? Project { get; set; }
        public Guid? Member { get; set; }
        /// <summary>Only with a project: one of its tasks.</summary>
        public Guid? Task { get; set; }
        public bool? Billable { get; set; }
        public Grouping Group { get; set; } = Grouping.Client;
        public Grouping? Then { get; set; }
    }

    public sealed class Handler(AppDbContext db, ICrmDirectory crm, IProjectDirectory projects, TimeReports reports, TimeLedger ledger, TimeTracking tracking, ICurrentUser user,
        Microsoft.Extensions.Localization.IStringLocalizer<Kernel.Localization.SharedResource> l) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var me = user.RequireUserId();
            var (_, today) = await tracking.LocalTodayAsync(me, cancellationToken);
            var first = (await ledger.SettingsAsync(cancellationToken)).FirstDayOfWeek;
            var week = LocalDates.WeekStart(today, first);
            var month = LocalDates.MonthStart(today);
            var (from, to) = query.Range switch
            {
                "today" => (today, today),
                "this-week" => (week, week.AddDays(6)),
                "last-week" => (week.AddDays(-7), week.AddDays(-1)),
                "last-month" => (month.AddMonths(-1), month.AddDays(-1)),
                "custom" => (query.From ?? month, query.To ?? today),
                _ => (month, month.AddMonths(1).AddDays(-1)),
            };
            if (to < from)
            {
                throw new Kernel.Validation.ValidationFailedException("Filter.To", l["The end must be after the start."]);
            }

            if (to.DayNumber - from.DayNumber > 3 * 366)
            {
                throw new Kernel.Validation.ValidationFailedException("Filter.To", l["A report covers at most three years."]);
            }

            // Members without the permission see their own time only, whatever they ask for.
            var member = user.Has(TimePermissions.ReadAll) ? query.Member : me;
            var groupings = query.Then is { } then && then != query.Group ? new[] { query.Group, then } : [query.Group];
            var report = await reports.RunAsync(new ReportFilter(from, to, query.Client, query.Project, member, query.Project is null ? null : query.Task, query.Billable), groupings, cancellationToken);

            // Names only for what the lines are grouped by: client, project or member ids, each from its own place.
            List<Guid> KeysOf(Grouping grouping) => groupings.Select((g, i) => (g, i)).Where(x => x.g == grouping)
                .SelectMany(x => report.Lines.Select(line => line.Keys[x.i]).OfType<Guid>()).Distinct().ToList();
            var names = new Dictionary<Guid, string>();
            if (KeysOf(Grouping.Client) is { Count: > 0 } clientIds)
            {
                foreach (var c in await crm.Clients.Where(c => clientIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
                {
                    names[c.Id] = c.Name;
                }
            }

            if (KeysOf(Grouping.Project) is { Count: > 0 } projectIds)
            {
                foreach (var p in await projects.Projects.Where(p => projectIds.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken))
                {
                    names[p.Id] = p.Name;
                }
            }

            if (KeysOf(Grouping.Member) is { Count: > 0 } userIds)
            {
                foreach (var u in await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken))
                {
                    names[u.Id] = u.DisplayName;
                }
            }

            string Label(object key, Grouping grouping) => key switch
            {
                Guid id => names.GetValueOrDefault(id, l["(unknown)"]),
                DateOnly day when grouping == Grouping.Month => Formats.Month(day),
                DateOnly day when grouping == Grouping.Week => l["Week of {0}", Formats.Date(day)],
                DateOnly day => Formats.Date(day),
                _ => key.ToString() ?? "",
            };

            var lines = report.Lines
                .Select(line => new Line(line.Keys.Select((k, i) => Label(k, groupings[i])).ToList(), line.Seconds, line.BillableSeconds, line.AmountMinor, line.Entries))
                .OrderBy(line => groupings[0] is Grouping.Day or Grouping.Week or Grouping.Month ? "" : line.Labels[0], StringComparer.CurrentCulture)
                .ToList();
            var total = new Line([l["Total"]], report.Total.Seconds, report.Total.BillableSeconds, report.Total.AmountMinor, report.Total.Entries);
            return new Result(from, to, groupings.Select(g => l[g.ToString()].Value).ToList(), lines, total,
                report.Total.AmountMinor.Keys.Order(StringComparer.Ordinal).ToList());
        }
    }
}
