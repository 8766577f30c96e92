using System.Net;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Time;

public class TimeSettingsShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Set_the_rounding_rule_and_a_members_capacity_and_cost_for_the_entries_that_follow()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);

        var bad = await manager.PostFormAsync("/time/settings", new() { ["Team.FirstDayOfWeek"] = "Monday", ["Team.Rounding"] = "Up", ["Team.RoundingMinutes"] = "7" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Round to 1, 5, 6, 10, 15 or 30 minutes.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/time/settings", new() { ["Team.FirstDayOfWeek"] = "Sunday", ["Team.Rounding"] = "Up", ["Team.RoundingMinutes"] = "30" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/time/settings?handler=Member",
            new() { ["userId"] = world.Manager.UserId.ToString(), ["capacity"] = "32", ["costRate"] = "55" }, "/time/settings")).StatusCode);
        var refused = await manager.PostFormAsync("/time/settings?handler=Member", new() { ["userId"] = world.Manager.UserId.ToString(), ["capacity"] = "200" }, "/time/settings");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        await world.AddRateAsync(RateLevel.TeamDefault, 100m, world.Today.AddDays(-10));
        var entry = await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>()
            .LogAsync(world.Manager.UserId, new EntryInput(world.Project, null, null, null, world.Today, TimeSpan.FromMinutes(40), null, true), default));
        Assert.Equal(60 * 60, entry.BillableSeconds);
        Assert.Equal(10000, entry.AmountMinor);
        var profile = await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().ProfileAsync(world.Manager.UserId, default));
        Assert.Equal(32m, profile.WeeklyCapacityHours);
        Assert.Equal(55m, profile.CostRate);

        var rep = await app.SignInAsync(world.Team, world.Team[TeamRole.SalesManager]);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync("/time/settings")).StatusCode);
    }
}
