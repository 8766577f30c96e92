using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Time.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Plugins.Time;

/// <summary>
/// Weekday time on the demo team's active projects since they started, as a real agency books it:
/// each project has used a plausible share of its budget hours (one is close to it, none over), in
/// blocks of a quarter hour to three hours, priced with a team default and two client rates.
/// </summary>
internal static class TimeDemoData
{
    private static readonly string[] Work = ["Workshop", "Concept", "Design review", "Implementation", "Client call", "Testing", "Copywriting", "Planning", "Research"];

    /// <summary>The share of its budget hours each project has used so far, in turn.</summary>
    private static readonly decimal[] BudgetUsed = [0.55m, 0.72m, 0.86m, 0.4m];

    public static async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var db = services.GetRequiredService<AppDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var manager = context.MembersByRole[TeamRole.OrganizationManager];
        var directory = services.GetRequiredService<IProjectDirectory>();
        var projects = await directory.Projects.Where(p => p.Status == ProjectStatus.Active).OrderBy(p => p.Name).ToListAsync(cancellationToken);
        if (projects.Count == 0)
        {
            return;
        }

        var rates = new List<Rate> { new() { Level = RateLevel.TeamDefault, Amount = 90m, Currency = "EUR", EffectiveFrom = today.AddYears(-1), CreatedAt = now, CreatedBy = manager } };
        rates.AddRange(projects.Take(2).Select((p, i) => new Rate
        {
            Level = RateLevel.Client, ClientId = p.ClientId, Amount = 110m + 10 * i, Currency = p.Currency, EffectiveFrom = today.AddYears(-1), CreatedAt = now, CreatedBy = manager,
        }));
        db.AddRange(rates);
        db.Add(new TimeSettings { Rounding = RoundingMode.Up, RoundingMinutes = 15 });

        var active = projects.Select(p => p.Id).ToList();
        var members = await directory.Members.Where(m => m.ContactId == null && m.UserId != null && m.Active && active.Contains(m.ProjectId))
            .Select(m => new { m.ProjectId, UserId = m.UserId!.Value }).ToListAsync(cancellationToken);
        var random = new Random(2027);
        for (var i = 0; i < projects.Count; i++)
        {
            var project = projects[i];
            var team = members.Where(m => m.ProjectId == project.Id).Select(m => m.UserId).ToList();
            var start = project.StartDate ?? today.AddDays(-60);
            var days = Enumerable.Range(0, today.DayNumber - start.DayNumber).Select(start.AddDays)
                .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToList();
            if (team.Count == 0 || days.Count == 0)
            {
                continue;
            }

            var target = (int)((project.BudgetHours ?? 80) * BudgetUsed[i % BudgetUsed.Length] * 3600);
            for (var booked = 0; booked < target;)
            {
                var day = days[random.Next(days.Count)];
                var seconds = Math.Min(60 * 15 * random.Next(1, 13), target - booked);
                var startUtc = day.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc).AddMinutes(15 * random.Next(0, 28));
                var rate = RateCards.Pick(rates.Where(r => r.EffectiveFrom <= day && (r.Level == RateLevel.TeamDefault || r.ClientId == project.ClientId)), project.HourlyRate, project.Currency);
                var billable = project.Billable && random.Next(8) > 0;
                var billed = billable ? Rounding.Apply(seconds, RoundingMode.Up, 15) : 0;
                db.Add(new TimeEntry
                {
                    UserId = team[random.Next(team.Count)], ProjectId = project.Id, ClientId = project.ClientId, LocalDate = day,
                    StartUtc = startUtc, EndUtc = startUtc.AddSeconds(seconds), Seconds = seconds,
                    Description = Work[random.Next(Work.Length)], Billable = billable, BillableSeconds = billed,
                    RateAmount = rate?.Amount, RateCurrency = rate?.Currency, RateLevel = rate?.Level, RateId = rate?.RateId,
                    AmountMinor = billable && rate is not null ? Money.ForTime(billed, rate.Amount, rate.Currency).MinorUnits : 0, CreatedAt = startUtc, UpdatedAt = startUtc,
                });
                booked += seconds;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await services.GetRequiredService<TimeLedger>().RebuildTotalsAsync(cancellationToken);
    }
}
