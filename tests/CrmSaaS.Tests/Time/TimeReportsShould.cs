using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Time;

/// <summary>Every report's totals equal the sums of the entries it covers, whichever totals table answers it.</summary>
public class TimeReportsShould(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(TimeWorld World, List<TimeEntry> Entries, Guid OtherClient)> ArrangeAsync()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var otherClient = await CrmApp.CreateClientAsync(manager, "Second client", world.Manager.UserId);
        var otherProject = await ProjectsApp.CreateProjectAsync(manager, otherClient, "Second project");
        var sam = world.Team[TeamRole.SalesManager];
        await world.AddRateAsync(RateLevel.TeamDefault, 80m, world.Today.AddDays(-200));
        await world.AddRateAsync(RateLevel.Client, 120m, world.Today.AddDays(-200), client: otherClient);
        var random = new Random(11);
        for (var i = 0; i < 80; i++)
        {
            var member = random.Next(2) == 0 ? world.Manager : sam;
            var project = random.Next(2) == 0 ? world.Project : otherProject;
            var input = new EntryInput(project, null, null, null, world.Today.AddDays(-random.Next(0, 90)), TimeSpan.FromMinutes(random.Next(5, 480)), null, random.Next(4) > 0);
            await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(member.UserId, input, default), member);
        }

        return (world, await world.EntriesAsync(), otherClient);
    }

    private static (long Seconds, long Billed, long Cents, int Count) Sum(IEnumerable<TimeEntry> entries) =>
        (entries.Sum(e => (long)e.Seconds), entries.Sum(e => (long)e.BillableSeconds), entries.Sum(e => e.AmountMinor), entries.Count());

    private static (long Seconds, long Billed, long Cents, int Count) Sum(ReportLine line) => (line.Seconds, line.BillableSeconds, line.AmountMinor.Values.Sum(), line.Entries);

    [Fact]
    public async Task Total_what_the_entries_total_for_every_grouping_and_filter()
    {
        var (world, entries, otherClient) = await ArrangeAsync();
        var from = world.Today.AddDays(-60);
        var to = world.Today.AddDays(-5);
        Task<Report> Run(ReportFilter filter, params Grouping[] groupings) => world.AsAsync(sp => sp.GetRequiredService<TimeReports>().RunAsync(filter, groupings, default));
        var inRange = entries.Where(e => e.LocalDate >= from && e.LocalDate <= to).ToList();

        var byClientAndMember = await Run(new ReportFilter(from, to), Grouping.Client, Grouping.Member);
        Assert.Equal("days", byClientAndMember.Source);
        Assert.Equal(Sum(inRange), Sum(byClientAndMember.Total));
        foreach (var line in byClientAndMember.Lines)
        {
            Assert.Equal(Sum(inRange.Where(e => e.ClientId == (Guid)line.Keys[0] && e.UserId == (Guid)line.Keys[1])), Sum(line));
        }

        var sam = world.Team[TeamRole.SalesManager].UserId;
        var samBillable = await Run(new ReportFilter(from, to, UserId: sam, Billable: true), Grouping.Week);
        Assert.Equal(Sum(inRange.Where(e => e.UserId == sam && e.Billable)), Sum(samBillable.Total));
        Assert.Equal(inRange.Where(e => e.UserId == sam && e.Billable).Select(e => LocalDates.WeekStart(e.LocalDate, DayOfWeek.Monday)).Distinct().Count(), samBillable.Lines.Count);

        var project = await Run(new ReportFilter(from, to, ProjectId: world.Project), Grouping.Day);
        Assert.Equal(Sum(inRange.Where(e => e.ProjectId == world.Project)), Sum(project.Total));

        var monthFrom = LocalDates.MonthStart(world.Today.AddDays(-60));
        var monthTo = LocalDates.MonthStart(world.Today).AddDays(-1);
        var months = await Run(new ReportFilter(monthFrom, monthTo), Grouping.Client, Grouping.Month);
        Assert.Equal("months", months.Source);
        var inMonths = entries.Where(e => e.LocalDate >= monthFrom && e.LocalDate <= monthTo).ToList();
        Assert.Equal(Sum(inMonths), Sum(months.Total));
        foreach (var line in months.Lines)
        {
            var month = (DateOnly)line.Keys[1];
            Assert.Equal(Sum(inMonths.Where(e => e.ClientId == (Guid)line.Keys[0] && LocalDates.MonthStart(e.LocalDate) == month)), Sum(line));
        }

        var second = await Run(new ReportFilter(monthFrom, monthTo, ClientId: otherClient), Grouping.Month);
        Assert.Equal(Sum(inMonths.Where(e => e.ClientId == otherClient)), Sum(second.Total));
        Assert.All(second.Lines, l => Assert.Equal(["EUR"], l.AmountMinor.Keys));
    }

    [Fact]
    public async Task Rebuild_totals_that_equal_the_ones_kept_on_every_write()
    {
        var (world, _, _) = await ArrangeAsync();
        async Task<(List<TimeDayTotal>, List<TimeMonthTotal>)> TotalsAsync() => await world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.Set<TimeDayTotal>().AsNoTracking().Where(t => t.Entries != 0).OrderBy(t => t.Day).ThenBy(t => t.ProjectId).ThenBy(t => t.UserId).ThenBy(t => t.Billable).ToListAsync(),
                await db.Set<TimeMonthTotal>().AsNoTracking().Where(t => t.Entries != 0).OrderBy(t => t.Month).ThenBy(t => t.ClientId).ThenBy(t => t.Billable).ToListAsync());
        });
        var kept = await TotalsAsync();

        await world.AsAsync(sp => sp.GetRequiredService<TimeLedger>().RebuildTotalsAsync(default));
        var rebuilt = await TotalsAsync();

        Assert.Equal(kept.Item1.Select(t => (t.Day, t.ProjectId, t.UserId, t.Billable, t.Currency, t.Seconds, t.BillableSeconds, t.AmountMinor, t.Entries)),
            rebuilt.Item1.Select(t => (t.Day, t.ProjectId, t.UserId, t.Billable, t.Currency, t.Seconds, t.BillableSeconds, t.AmountMinor, t.Entries)));
        Assert.Equal(kept.Item2.Select(t => (t.Month, t.ClientId, t.Billable, t.Currency, t.Seconds, t.AmountMinor, t.Entries)),
            rebuilt.Item2.Select(t => (t.Month, t.ClientId, t.Billable, t.Currency, t.Seconds, t.AmountMinor, t.Entries)));
        Assert.NotEmpty(rebuilt.Item1);
    }
}
