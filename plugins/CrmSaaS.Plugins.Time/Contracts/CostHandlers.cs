using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Time.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Time.Contracts;

/// <summary>
/// Sums the seconds per client, project, member and month in the database, then prices each member's
/// month once at their cost rate (rounded half away from zero to the minor unit) and adds them up.
/// </summary>
public sealed class CostHandlers(AppDbContext db) : IQueryHandler<TimeCostsQuery, IReadOnlyList<TimeCost>>
{
    public async ValueTask<IReadOnlyList<TimeCost>> Handle(TimeCostsQuery query, CancellationToken cancellationToken)
    {
        var sums = await db.Set<TimeEntry>().AsNoTracking()
            .Where(e => e.LocalDate >= query.From && e.LocalDate <= query.To)
            .GroupBy(e => new { e.ClientId, e.ProjectId, e.UserId, e.LocalDate.Year, e.LocalDate.Month })
            .Select(g => new { g.Key.ClientId, g.Key.ProjectId, g.Key.UserId, g.Key.Year, g.Key.Month, Seconds = g.Sum(e => (long)e.Seconds) })
            .ToListAsync(cancellationToken);
        var rates = await db.Set<MemberTimeProfile>().AsNoTracking().Where(p => p.CostRate != null)
            .ToDictionaryAsync(p => p.UserId, p => (Rate: p.CostRate!.Value, p.CostCurrency), cancellationToken);
        return sums.GroupBy(s => (s.ClientId, s.ProjectId, s.Year, s.Month))
            .Select(g =>
            {
                long cost = 0, uncosted = 0;
                foreach (var member in g)
                {
                    if (rates.TryGetValue(member.UserId, out var rate))
                    {
                        cost += (long)Math.Round(member.Seconds / 3600m * rate.Rate * Currencies.Factor(rate.CostCurrency), 0, MidpointRounding.AwayFromZero);
                    }
                    else
                    {
                        uncosted += member.Seconds;
                    }
                }

                return new TimeCost(g.Key.ClientId, g.Key.ProjectId, g.Key.Year, g.Key.Month, g.Sum(m => m.Seconds), cost, uncosted);
            })
            .ToList();
    }
}
