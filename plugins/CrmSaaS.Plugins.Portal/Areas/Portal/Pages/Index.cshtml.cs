using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Web;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Time.Contracts;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Portal.Areas.Portal.Pages;

/// <summary>
/// Where a client contact lands: what is open to pay, the projects under way with their progress, the
/// hours of this month against each budget, and the latest updates the team shared.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
[OutputCache(PolicyName = PageCache.Policy)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public Overview View { get; private set; } = Overview.Empty;

    public async Task OnGetAsync(CancellationToken cancellationToken) => View = await mediator.Send(new Query(), cancellationToken);

    /// <param name="MonthSeconds">Billable time booked this month (in the contact's time zone).</param>
    /// <param name="TotalSeconds">Billable time booked on the project so far (what its hour budget is measured against).</param>
    public sealed record ProjectRow(Guid Id, string Name, ProjectStatus Status, DateOnly? DueDate, int Done, int Tasks, long MonthSeconds, long TotalSeconds, decimal? BudgetHours)
    {
        public int? BudgetPercent => BudgetHours is > 0 and { } budget ? (int)Math.Round(TotalSeconds / 36m / budget) : null;
    }

    public sealed record UpdateRow(Guid ProjectId, string Project, string Actor, string Kind, string Text, DateTime CreatedAt);

    /// <param name="SeesInvoices">The contact is a billing contact of a client: the open invoices are theirs to see and pay.</param>
    public sealed record Overview(IReadOnlyList<ClientInvoice> OpenInvoices, IReadOnlyList<Money> OpenTotals, IReadOnlyList<ProjectRow> Projects, IReadOnlyList<UpdateRow> Updates, DateOnly Month,
        bool SeesInvoices = false)
    {
        public static readonly Overview Empty = new([], [], [], [], default);
    }

    [RequiresPermission(PortalPermissions.Access)]
    public sealed record Query : IQuery<Overview>;

    public sealed class Handler(PortalViewer viewer, IMediator mediator, IProjectDirectory projects, ITimeDirectory time, AppDbContext db, UserTimeZones zones, TimeProvider clock)
        : IQueryHandler<Query, Overview>
    {
        public async ValueTask<Overview> Handle(Query query, CancellationToken cancellationToken)
        {
            var sight = await viewer.SightAsync(cancellationToken);
            var zone = await zones.ViewerAsync(cancellationToken);
            var today = DateOnly.FromDateTime(UserTimeZones.ToLocal(clock.GetUtcNow().UtcDateTime, zone));
            var month = new DateOnly(today.Year, today.Month, 1);
            if (sight.SeesNothing)
            {
                return Overview.Empty with { Month = month };
            }

            var invoices = sight.SeesInvoices ? await mediator.Send(new PortalInvoicesQuery(sight.BillingClients), cancellationToken) : [];
            var open = invoices.Where(i => i.OpenMinor > 0).OrderBy(i => i.DueDate ?? i.IssueDate).ToList();
            var totals = open.GroupBy(i => i.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new Money(g.Sum(i => i.OpenMinor), g.Key)).ToList();

            var ids = sight.Projects.ToList();
            var active = await projects.Projects.Where(p => ids.Contains(p.Id) && p.Status != ProjectStatus.Archived)
                .OrderBy(p => p.Status == ProjectStatus.Completed).ThenBy(p => p.Name)
                .Select(p => new { p.Id, p.Name, p.Status, p.DueDate, p.BudgetHours })
                .ToListAsync(cancellationToken);
            var tasks = await projects.Tasks.Where(t => ids.Contains(t.ProjectId)).GroupBy(t => t.ProjectId)
                .Select(g => new { g.Key, Done = g.Count(t => t.Done), All = g.Count() })
                .ToDictionaryAsync(g => g.Key, cancellationToken);
            var hours = await time.Days.Where(d => ids.Contains(d.ProjectId) && d.Billable).GroupBy(d => d.ProjectId)
                .Select(g => new { g.Key, Month = g.Where(d => d.Day >= month).Sum(d => d.BillableSeconds), Total = g.Sum(d => d.BillableSeconds) })
                .ToDictionaryAsync(g => g.Key, cancellationToken);
            var rows = active.Select(p => new ProjectRow(p.Id, p.Name, p.Status, p.DueDate,
                tasks.TryGetValue(p.Id, out var t) ? t.Done : 0, t?.All ?? 0,
                hours.TryGetValue(p.Id, out var h) ? h.Month : 0, h?.Total ?? 0, p.BudgetHours)).ToList();

            var names = active.ToDictionary(p => p.Id, p => p.Name);
            var recent = await projects.ClientUpdates.Where(u => ids.Contains(u.ProjectId)).OrderByDescending(u => u.CreatedAt).Take(8)
                .Join(db.Users, u => u.ActorId, a => a.Id, (u, a) => new { u.ProjectId, a.DisplayName, u.Kind, u.Text, u.CreatedAt })
                .ToListAsync(cancellationToken);
            var updates = recent.Where(u => names.ContainsKey(u.ProjectId)).OrderByDescending(u => u.CreatedAt)
                .Select(u => new UpdateRow(u.ProjectId, names[u.ProjectId], u.DisplayName, u.Kind, u.Text, u.CreatedAt)).ToList();
            return new Overview(open, totals, rows, updates, month, sight.SeesInvoices);
        }
    }
}
