using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Time;

/// <summary>Four months of weekday time on the demo team's projects, priced with a team default and client rates.</summary>
internal static class TimeDemoData
{
    private static readonly string[] Work = ["Workshop", "Concept", "Design review", "Implementation", "Client call", "Testing", "Copywriting", "Planning", "Research"];

    public static async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var db = services.GetRequiredService<AppDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var manager = context.MembersByRole[TeamRole.OrganizationManager];
        var directory = services.GetRequiredService<IProjectDirectory>();
        var projects = await directory.Projects.Where(p => p.Status == ProjectStatus.Active).ToListAsync(cancellationToken);
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
        for (var day = today.AddDays(-120); day < today; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            foreach (var userId in members.Select(m => m.UserId).Distinct())
            {
                var mine = members.Where(m => m.UserId == userId).Select(m => projects.First(p => p.Id == m.ProjectId)).ToList();
                var start = day.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc).AddMinutes(random.Next(0, 60));
                for (var block = 0; block < random.Next(1, 4); block++)
                {
                    var project = mine[random.Next(mine.Count)];
                    var seconds = 60 * 15 * random.Next(2, 12);
                    var rate = RateCards.Pick(rates.Where(r => r.EffectiveFrom <= day && (r.Level == RateLevel.TeamDefault || r.ClientId == project.ClientId)), project.HourlyRate, project.Currency);
                    var billable = project.Billable && random.Next(6) > 0;
                    var billed = billable ? Rounding.Apply(seconds, RoundingMode.Up, 15) : 0;
                    db.Add(new TimeEntry
                    {
                        UserId = userId, ProjectId = project.Id, ClientId = project.ClientId, LocalDate = day, StartUtc = start, EndUtc = start.AddSeconds(seconds), Seconds = seconds,
                        Description = Work[random.Next(Work.Length)], Billable = billable, BillableSeconds = billed,
                        RateAmount = rate?.Amount, RateCurrency = rate?.Currency, RateLevel = rate?.Level, RateId = rate?.RateId,
                        AmountMinor = billable && rate is not null ? Money.ForTime(billed, rate.Amount, rate.Currency).MinorUnits : 0, CreatedAt = start, UpdatedAt = start,
                    });
                    start = start.AddSeconds(seconds + 60 * random.Next(5, 45));
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await services.GetRequiredService<TimeLedger>().RebuildTotalsAsync(cancellationToken);
    }
}
