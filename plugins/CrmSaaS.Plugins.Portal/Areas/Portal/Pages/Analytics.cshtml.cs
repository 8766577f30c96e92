using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Time.Contracts;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Portal.Areas.Portal.Pages;

/// <summary>
/// The last twelve months for the client: billable hours per project and month, what was invoiced per
/// month (billing contacts only) and, for projects with an hour budget, what is left of it at the end
/// of each month. Charts with the same numbers as tables.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed class AnalyticsModel(IMediator mediator) : PageModel
{
    public const int Months = 12;

    public Result View { get; private set; } = Result.Empty;

    public async Task OnGetAsync(CancellationToken cancellationToken) => View = await mediator.Send(new Query(), cancellationToken);

    [RequiresPermission(PortalPermissions.Access)]
    public sealed record Query : IQuery<Result>;

    /// <param name="Seconds">Per project, the billable seconds of each month in <see cref="Result.MonthStarts"/>.</param>
    public sealed record ProjectHours(Guid Id, string Name, IReadOnlyList<long> Seconds);

    /// <param name="Left">Hours of the budget left at the end of each month (negative: over budget).</param>
    public sealed record BurnDown(string Name, decimal Budget, IReadOnlyList<decimal> Left);

    /// <param name="Invoiced">Per currency, the gross invoiced in each month; null when the contact does not see invoices.</param>
    public sealed record Result(IReadOnlyList<DateOnly> MonthStarts, IReadOnlyList<ProjectHours> Hours, IReadOnlyDictionary<string, IReadOnlyList<long>>? Invoiced, IReadOnlyList<BurnDown> Budgets)
    {
        public static readonly Result Empty = new([], [], null, []);
    }

    public sealed class Handler(PortalViewer viewer, IMediator mediator, IProjectDirectory projects, ITimeDirectory time, UserTimeZones zones, TimeProvider clock)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var sight = await viewer.SightAsync(cancellationToken);
            var today = DateOnly.FromDateTime(UserTimeZones.ToLocal(clock.GetUtcNow().UtcDateTime, await zones.ViewerAsync(cancellationToken)));
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(1 - Months);
            var months = Enumerable.Range(0, Months).Select(i => first.AddMonths(i)).ToList();
            int Slot(DateOnly day) => (day.Year - first.Year) * 12 + day.Month - first.Month;

            var ids = sight.Projects.ToList();
            var named = await projects.Projects.Where(p => ids.Contains(p.Id)).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name, p.BudgetHours }).ToListAsync(cancellationToken);
            // Billable seconds per project and day, all time (a budget counts what came before the twelve months too).
            var days = await time.Days.Where(d => ids.Contains(d.ProjectId) && d.Billable).GroupBy(d => new { d.ProjectId, d.Day })
                .Select(g => new { g.Key.ProjectId, g.Key.Day, Seconds = g.Sum(d => d.BillableSeconds) }).ToListAsync(cancellationToken);

            var hours = new List<ProjectHours>();
            var budgets = new List<BurnDown>();
            foreach (var project in named)
            {
                var perMonth = new long[Months];
                var before = 0L;
                foreach (var day in days.Where(d => d.ProjectId == project.Id))
                {
                    var slot = Slot(day.Day);
                    if (slot < 0)
                    {
                        before += day.Seconds;
                    }
                    else if (slot < Months)
                    {
                        perMonth[slot] += day.Seconds;
                    }
                }

                if (perMonth.Any(s => s > 0))
                {
                    hours.Add(new ProjectHours(project.Id, project.Name, perMonth));
                }

                if (project.BudgetHours is > 0 and { } budget)
                {
                    var used = before;
                    var left = new List<decimal>(Months);
                    foreach (var seconds in perMonth)
                    {
                        used += seconds;
                        left.Add(Math.Round(budget - used / 3600m, 2));
                    }

                    budgets.Add(new BurnDown(project.Name, budget, left));
                }
            }

            Dictionary<string, IReadOnlyList<long>>? invoiced = null;
            if (sight.SeesInvoices)
            {
                invoiced = (await mediator.Send(new PortalInvoicesQuery(sight.BillingClients, 1000), cancellationToken))
                    .Where(i => Slot(i.IssueDate) is >= 0 and < Months && i.Status != "Cancelled")
                    .GroupBy(i => i.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => (IReadOnlyList<long>)Enumerable.Range(0, Months).Select(m => g.Where(i => Slot(i.IssueDate) == m).Sum(i => i.GrossMinor)).ToList());
            }

            return new Result(months, hours, invoiced, budgets);
        }
    }
}
