using CrmSaaS.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Time.Domain;

/// <summary>The rate that applies, and where it came from.</summary>
/// <param name="RateId">The rate card row; null when it is the project's default hourly rate.</param>
public sealed record ResolvedRate(decimal Amount, string Currency, RateLevel Level, Guid? RateId);

/// <summary>
/// Resolves hourly rates, most specific first: member on the project → project → client → member
/// default → team default; on each level the newest rate effective on the entry's date. A project's
/// own default hourly rate (set on the project form) counts as the project level when no project
/// rate card applies.
/// </summary>
public sealed class RateCards(AppDbContext db, IProjectDirectory projects)
{
    public async Task<ResolvedRate?> ResolveAsync(Guid userId, Guid projectId, Guid clientId, DateOnly date, CancellationToken cancellationToken)
    {
        var candidates = await db.Set<Rate>().AsNoTracking()
            .Where(r => r.EffectiveFrom <= date
                && ((r.Level == RateLevel.MemberOnProject && r.UserId == userId && r.ProjectId == projectId)
                    || (r.Level == RateLevel.Project && r.ProjectId == projectId)
                    || (r.Level == RateLevel.Client && r.ClientId == clientId)
                    || (r.Level == RateLevel.MemberDefault && r.UserId == userId)
                    || r.Level == RateLevel.TeamDefault))
            .ToListAsync(cancellationToken);
        var project = await projects.Projects.Where(p => p.Id == projectId).Select(p => new { p.HourlyRate, p.Currency }).SingleOrDefaultAsync(cancellationToken);
        return Pick(candidates, project?.HourlyRate, project?.Currency);
    }

    /// <summary>The choice itself, for a set of candidate rates already effective on the date.</summary>
    public static ResolvedRate? Pick(IEnumerable<Rate> effective, decimal? projectDefault, string? projectCurrency)
    {
        var best = effective.OrderBy(r => r.Level).ThenByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.CreatedAt).FirstOrDefault();
        if (projectDefault is { } rate && projectCurrency is not null && (best is null || best.Level > RateLevel.Project))
        {
            return new ResolvedRate(rate, projectCurrency, RateLevel.Project, null);
        }

        return best is null ? null : new ResolvedRate(best.Amount, best.Currency, best.Level, best.Id);
    }
}
