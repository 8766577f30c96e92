using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Time;

public class TimeTrackingShould(AppFactory app) : IClassFixture<AppFactory>
{
    private static EntryInput Interval(Guid project, DateTime startUtc, DateTime endUtc, bool? billable = null) =>
        new(project, null, TimeWorld.Local(startUtc), TimeWorld.Local(endUtc), null, null, "Work", billable);

    private static EntryInput Duration(Guid project, DateOnly date, TimeSpan duration) => new(project, null, null, null, date, duration, "Work", null);

    [Fact]
    public async Task Keep_one_running_timer_per_member_and_turn_a_stopped_one_into_an_entry()
    {
        var world = await TimeWorld.CreateAsync(app);
        var second = await ProjectsApp.CreateProjectAsync(await app.SignInAsync(world.Team, world.Manager), world.Client, "Second");

        await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().StartAsync(world.Manager.UserId, world.Project, null, "Concept", default));
        app.Clock.Advance(TimeSpan.FromMinutes(25));
        var (_, stopped) = await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().StartAsync(world.Manager.UserId, second, null, null, default));
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var last = await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().StopAsync(world.Manager.UserId, default));

        Assert.NotNull(stopped);
        Assert.Equal(25 * 60, stopped.Seconds);
        Assert.Equal("Concept", stopped.Description);
        Assert.Equal(10 * 60, last!.Seconds);
        Assert.Equal(second, last.ProjectId);
        Assert.Null(await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().RunningAsync(world.Manager.UserId, default)));
        Assert.Null(await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().StopAsync(world.Manager.UserId, default)));
        Assert.Equal(2, (await world.EntriesAsync()).Count);
    }

    [Fact]
    public async Task Refuse_an_end_before_the_start_a_day_too_long_the_far_future_and_an_overlap_with_the_timer()
    {
        var world = await TimeWorld.CreateAsync(app);
        var tracking = (IServiceProvider sp) => sp.GetRequiredService<TimeTracking>();
        var start = world.Now.AddHours(-3);

        async Task<ValidationFailedException> Refused(EntryInput input) =>
            Assert.IsType<ValidationFailedException>(await Record.ExceptionAsync(() => world.AsAsync(sp => tracking(sp).LogAsync(world.Manager.UserId, input, default))));

        Assert.Contains("The end must be after the start.", (await Refused(Interval(world.Project, start, start.AddMinutes(-5)))).Errors["Input.End"]);
        Assert.Contains("One entry covers at most 24 hours.", (await Refused(Interval(world.Project, start, start.AddHours(25)))).Errors["Input.End"]);
        Assert.Contains("Time can be entered at most 7 days ahead.", (await Refused(Duration(world.Project, world.Today.AddDays(9), TimeSpan.FromHours(1)))).Errors["Input.Date"]);
        Assert.Contains("Enter a duration between 1 minute and 24 hours, e.g. 1:30 or 1.5.", (await Refused(Duration(world.Project, world.Today, TimeSpan.Zero))).Errors["Input.Duration"]);
        Assert.IsType<NotFoundException>(await Record.ExceptionAsync(() => world.AsAsync(sp => tracking(sp).LogAsync(world.Manager.UserId, Duration(Guid.NewGuid(), world.Today, TimeSpan.FromHours(1)), default))));

        await world.AsAsync(sp => tracking(sp).StartAsync(world.Manager.UserId, world.Project, null, null, default));
        app.Clock.Advance(TimeSpan.FromHours(1));
        var overlap = await Refused(Interval(world.Project, world.Now.AddMinutes(-90), world.Now.AddMinutes(-30)));
        Assert.StartsWith("This overlaps your running timer", overlap.Errors["Input.End"].Single(), StringComparison.Ordinal);

        // Before the timer started it is fine, and a week ahead is the limit.
        await world.AsAsync(sp => tracking(sp).LogAsync(world.Manager.UserId, Interval(world.Project, world.Now.AddHours(-4), world.Now.AddHours(-2)), default));
        await world.AsAsync(sp => tracking(sp).LogAsync(world.Manager.UserId, Duration(world.Project, world.Today.AddDays(7), TimeSpan.FromMinutes(90)), default));
        Assert.Equal(2, (await world.EntriesAsync()).Count);
    }

    [Fact]
    public async Task Refuse_members_booking_on_projects_they_are_not_on()
    {
        var world = await TimeWorld.CreateAsync(app);
        var tom = world.Team[TeamRole.TeamMember];

        var error = await Record.ExceptionAsync(() => world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().StartAsync(tom.UserId, world.Project, null, null, default), tom));

        Assert.IsType<NotFoundException>(error);
    }

    [Fact]
    public async Task Date_an_entry_on_the_members_local_day()
    {
        var world = await TimeWorld.CreateAsync(app);
        await world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            (await db.Users.SingleAsync(u => u.Id == world.Manager.UserId)).TimeZone = "America/Los_Angeles";
            await db.SaveChangesAsync();
        });

        // 07:00 UTC is still the day before in Los Angeles (UTC-8 in winter).
        var seven = new DateTimeOffset(app.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(7), TimeSpan.Zero);
        app.Clock.SetUtcNow(seven);
        await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().StartAsync(world.Manager.UserId, world.Project, null, null, default));
        app.Clock.Advance(TimeSpan.FromHours(2));
        var entry = await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().StopAsync(world.Manager.UserId, default));

        Assert.Equal(DateOnly.FromDateTime(seven.UtcDateTime).AddDays(-1), entry!.LocalDate);
    }

    [Fact]
    public async Task Price_entries_with_the_rate_effective_on_their_day_and_keep_the_snapshot()
    {
        var world = await TimeWorld.CreateAsync(app);
        await world.AddRateAsync(RateLevel.Client, 100m, world.Today.AddDays(-30), client: world.Client);
        await world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new TimeSettings { Rounding = RoundingMode.Up, RoundingMinutes = 15 });
            await db.SaveChangesAsync();
        });
        var tracking = (IServiceProvider sp) => sp.GetRequiredService<TimeTracking>();
        var before = await world.AsAsync(sp => tracking(sp).LogAsync(world.Manager.UserId, Duration(world.Project, world.Today.AddDays(-2), TimeSpan.FromMinutes(50)), default));

        await world.AddRateAsync(RateLevel.Client, 120m, world.Today.AddDays(-1), client: world.Client);
        var after = await world.AsAsync(sp => tracking(sp).LogAsync(world.Manager.UserId, Duration(world.Project, world.Today, TimeSpan.FromMinutes(50)), default));

        var entries = (await world.EntriesAsync()).ToDictionary(e => e.Id);
        Assert.Equal(100m, entries[before.Id].RateAmount);
        Assert.Equal(RateLevel.Client, entries[before.Id].RateLevel);
        Assert.Equal(60 * 60, entries[before.Id].BillableSeconds);
        Assert.Equal(10000, entries[before.Id].AmountMinor);
        Assert.Equal(120m, entries[after.Id].RateAmount);
        Assert.Equal(12000, entries[after.Id].AmountMinor);
        Assert.Equal(50 * 60, entries[after.Id].Seconds);
    }

    [Fact]
    public async Task Keep_the_totals_equal_to_the_entries_through_adds_edits_and_deletes()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var second = await ProjectsApp.CreateProjectAsync(manager, world.Client, "Other project");
        await world.AddRateAsync(RateLevel.TeamDefault, 90m, world.Today.AddDays(-400));
        await world.AddRateAsync(RateLevel.Project, 130m, world.Today.AddDays(-400), project: second);
        var random = new Random(7);
        var ids = new List<Guid>();
        for (var i = 0; i < 60; i++)
        {
            var op = ids.Count < 5 ? 0 : random.Next(4);
            var project = random.Next(2) == 0 ? world.Project : second;
            var input = Duration(project, world.Today.AddDays(-random.Next(0, 70)), TimeSpan.FromMinutes(random.Next(1, 600)));
            if (op <= 1)
            {
                ids.Add((await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId, input with { Billable = random.Next(3) > 0 }, default))).Id);
            }
            else if (op == 2)
            {
                var id = ids[random.Next(ids.Count)];
                await world.AsAsync(async sp =>
                {
                    var entry = await sp.GetRequiredService<AppDbContext>().Set<TimeEntry>().SingleAsync(e => e.Id == id);
                    await sp.GetRequiredService<TimeTracking>().EditAsync(entry, input with { Billable = random.Next(2) == 0 }, default);
                });
            }
            else
            {
                var id = ids[random.Next(ids.Count)];
                ids.Remove(id);
                await world.AsAsync(async sp =>
                {
                    var entry = await sp.GetRequiredService<AppDbContext>().Set<TimeEntry>().SingleAsync(e => e.Id == id);
                    await sp.GetRequiredService<TimeLedger>().DeleteAsync(entry, default);
                });
            }
        }

        var entries = await world.EntriesAsync();
        var (days, months) = await world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.Set<TimeDayTotal>().AsNoTracking().Where(t => t.Entries != 0).ToListAsync(), await db.Set<TimeMonthTotal>().AsNoTracking().Where(t => t.Entries != 0).ToListAsync());
        });
        var expectedDays = entries.GroupBy(e => (e.LocalDate, e.ProjectId, e.UserId, e.Billable, Currency: e.RateCurrency ?? ""))
            .Select(g => (g.Key.LocalDate, g.Key.ProjectId, g.Key.Billable, g.Key.Currency, Seconds: g.Sum(e => (long)e.Seconds), Billed: g.Sum(e => (long)e.BillableSeconds), Cents: g.Sum(e => e.AmountMinor), Count: g.Count()))
            .OrderBy(x => x.LocalDate).ThenBy(x => x.ProjectId).ThenBy(x => x.Billable).ToList();
        var actualDays = days.Select(t => (t.Day, t.ProjectId, t.Billable, t.Currency, t.Seconds, t.BillableSeconds, t.AmountMinor, t.Entries))
            .OrderBy(x => x.Day).ThenBy(x => x.ProjectId).ThenBy(x => x.Billable).ToList();
        Assert.Equal(expectedDays, actualDays);
        var expectedMonths = entries.GroupBy(e => (Month: new DateOnly(e.LocalDate.Year, e.LocalDate.Month, 1), e.Billable, Currency: e.RateCurrency ?? ""))
            .Select(g => (g.Key.Month, g.Key.Billable, g.Key.Currency, g.Sum(e => (long)e.Seconds), g.Sum(e => e.AmountMinor), g.Count()))
            .OrderBy(x => x.Month).ThenBy(x => x.Billable).ToList();
        Assert.Equal(expectedMonths, months.Select(t => (t.Month, t.Billable, t.Currency, t.Seconds, t.AmountMinor, t.Entries)).OrderBy(x => x.Month).ThenBy(x => x.Billable).ToList());
        Assert.True(entries.Count >= 5);
    }

    [Fact]
    public async Task CountEveryEntryWhenTheFirstEntriesOfADayAreWrittenAtOnce()
    {
        var world = await TimeWorld.CreateAsync(app);
        // Each day starts with no totals; four members' worth of entries arrive at the same moment.
        for (var round = 1; round <= 6; round++)
        {
            var day = world.Today.AddDays(-round);
            await Task.WhenAll(Enumerable.Range(0, 4).Select(i => world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
                Duration(world.Project, day, TimeSpan.FromMinutes(15)) with { Description = $"At once {round}.{i}" }, default))));
        }

        var days = await world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<TimeDayTotal>().AsNoTracking()
            .Where(t => t.ProjectId == world.Project).OrderBy(t => t.Day).ToListAsync());
        Assert.Equal(6, days.Count);
        Assert.All(days, d => Assert.Equal((4, 3600L), (d.Entries, d.Seconds)));
        var months = await world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<TimeMonthTotal>().AsNoTracking()
            .Where(t => t.ClientId == world.Client).SumAsync(t => t.Entries));
        Assert.Equal(24, months);
    }
}
