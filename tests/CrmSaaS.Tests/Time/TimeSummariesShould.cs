using System.Net;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Areas.Time.Pages;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Time;

public class TimeSummariesShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Sum_the_week_per_client_and_day_share_it_out_and_measure_members_against_capacity()
    {
        var world = await TimeWorld.CreateAsync(app);
        var monday = LocalDates.WeekStart(world.Today, DayOfWeek.Monday);
        Task Log(DateOnly day, int minutes, bool billable) => world.AsAsync(sp => sp.GetRequiredService<TimeTracking>()
            .LogAsync(world.Manager.UserId, new EntryInput(world.Project, null, null, null, day, TimeSpan.FromMinutes(minutes), null, billable), default));
        await Log(monday, 120, true);
        await Log(monday, 60, false);
        await Log(monday.AddDays(2), 240, true);
        await Log(monday.AddDays(-3), 600, true);

        var summary = await world.AsAsync(sp => sp.GetRequiredService<IMediator>().Send(new SummariesModel.Query(monday)).AsTask());

        var (client, seconds) = Assert.Single(summary.Daily);
        Assert.Equal(["Acme"], [client]);
        Assert.Equal(new long[] { 180 * 60, 0, 240 * 60, 0, 0, 0, 0 }, seconds);
        Assert.Equal(100m, Assert.Single(summary.Clients).Percent);
        var olivia = summary.Members.Single(m => m.Name == "Olivia Org");
        Assert.Equal(420 * 60, olivia.Seconds);
        Assert.Equal(85.7m, olivia.BillableRatio);
        Assert.Equal(17.5m, olivia.Utilization);

        var manager = await app.SignInAsync(world.Team, world.Manager);
        Assert.Contains("Hours per client and day", await manager.GetStringAsync($"/time/summaries?Week={monday:yyyy-MM-dd}"), StringComparison.Ordinal);
        var tom = await app.SignInAsync(world.Team, world.Team[TeamRole.TeamMember]);
        Assert.Equal(HttpStatusCode.Forbidden, (await tom.GetAsync("/time/summaries")).StatusCode);
    }
}
