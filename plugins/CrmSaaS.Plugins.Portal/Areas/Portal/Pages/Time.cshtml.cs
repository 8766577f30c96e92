using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Time.Contracts;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Portal.Areas.Portal.Pages;

/// <summary>
/// The client's time on the projects the contact follows, by project, member and date range: totals
/// per project and every entry with its description. Clients see billable time only; what the team
/// keeps internal stays on its side.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed class TimeModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Query Filter { get; set; } = new();

    public Result View { get; private set; } = Result.Empty;

    public async Task OnGetAsync(CancellationToken cancellationToken) => View = await mediator.Send(Filter, cancellationToken);

    [RequiresPermission(PortalPermissions.Access)]
    public sealed class Query : IQuery<Result>
    {
        public Guid? Project { get; set; }
        public Guid? Member { get; set; }
        /// <summary>Defaults to the first of the month (in the contact's time zone).</summary>
        public DateOnly? From { get; set; }
        /// <summary>Defaults to today.</summary>
        public DateOnly? To { get; set; }
        public int PageNumber { get; set; } = 1;
    }

    public sealed record Entry(DateOnly Date, Guid ProjectId, Guid UserId, int Seconds, string? Description);

    public sealed record ProjectTotal(Guid ProjectId, string Name, long Seconds, int Entries);

    public sealed record Result(DateOnly From, DateOnly To, IReadOnlyList<(Guid Id, string Name)> Projects, IReadOnlyList<(Guid Id, string Name)> Members,
        IReadOnlyList<ProjectTotal> Totals, Page<Entry> Entries)
    {
        public static readonly Result Empty = new(default, default, [], [], [], new Page<Entry>([], 1, 50, 0));

        public long Seconds => Totals.Sum(t => t.Seconds);

        public string ProjectName(Guid id) => Projects.FirstOrDefault(p => p.Id == id).Name ?? "";

        public string MemberName(Guid id) => Members.FirstOrDefault(m => m.Id == id).Name ?? "—";
    }

    /// <summary>Every entry the filter finds (for the CSV), oldest first, with the names to show.</summary>
    [RequiresPermission(PortalPermissions.Access)]
    public sealed record AllEntries(Query Filter) : IQuery<Result>;

    public sealed class Handler(PortalViewer viewer, ITimeDirectory time, IProjectDirectory projects, TeamMembers members, UserTimeZones zones, TimeProvider clock)
        : IQueryHandler<Query, Result>, IQueryHandler<AllEntries, Result>
    {
        public const int PageSize = 50;

        /// <summary>At most this many entries go into one CSV.</summary>
        public const int MostInCsv = 100_000;

        public ValueTask<Result> Handle(Query query, CancellationToken cancellationToken) => RunAsync(query, all: false, cancellationToken);

        public ValueTask<Result> Handle(AllEntries query, CancellationToken cancellationToken) => RunAsync(query.Filter, all: true, cancellationToken);

        private async ValueTask<Result> RunAsync(Query query, bool all, CancellationToken cancellationToken)
        {
            var sight = await viewer.SightAsync(cancellationToken);
            var today = DateOnly.FromDateTime(UserTimeZones.ToLocal(clock.GetUtcNow().UtcDateTime, await zones.ViewerAsync(cancellationToken)));
            var (from, to) = (query.From ?? new DateOnly(today.Year, today.Month, 1), query.To ?? today);
            if (from > to)
            {
                (from, to) = (to, from);
            }

            var ids = sight.Projects.ToList();
            var named = await projects.Projects.Where(p => ids.Contains(p.Id)).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
            var entries = time.Entries.Where(e => ids.Contains(e.ProjectId) && e.Billable && e.Date >= from && e.Date <= to);
            if (query.Project is { } project)
            {
                entries = entries.Where(e => e.ProjectId == project);
            }

            if (query.Member is { } member)
            {
                entries = entries.Where(e => e.UserId == member);
            }

            var totals = await entries.GroupBy(e => e.ProjectId).Select(g => new { g.Key, Seconds = g.Sum(e => (long)e.BillableSeconds), Entries = g.Count() }).ToListAsync(cancellationToken);
            var rows = entries.Select(e => new { Entry = new Entry(e.Date, e.ProjectId, e.UserId, e.BillableSeconds, e.Description), e.Id, e.Date });
            var page = all
                ? new Page<Entry>(await rows.OrderBy(e => e.Date).ThenBy(e => e.Id).Take(MostInCsv).Select(e => e.Entry).ToListAsync(cancellationToken), 1, MostInCsv, totals.Sum(t => t.Entries))
                : await rows.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Select(e => e.Entry).ToPageAsync(query.PageNumber, PageSize, cancellationToken);
            // Members to filter by: those who booked time on these projects.
            var booked = await time.Entries.Where(e => ids.Contains(e.ProjectId) && e.Billable).Select(e => e.UserId).Distinct().ToListAsync(cancellationToken);
            var people = (await members.ListAsync(cancellationToken)).Where(m => booked.Contains(m.Id)).ToList();
            var names = named.Select(p => (p.Id, p.Name)).ToList();
            return new Result(from, to, names, people,
                totals.Select(t => new ProjectTotal(t.Key, names.FirstOrDefault(p => p.Id == t.Key).Name ?? "", t.Seconds, t.Entries)).OrderBy(t => t.Name).ToList(), page);
        }
    }
}
