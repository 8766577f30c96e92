using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Projects;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Account;

/// <summary>A member's own time zone (profile), the team's default (team settings), and times shown on the viewer's clock.</summary>
public class TimeZonesShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task LetMembersChooseTheirOwnZoneAndFollowTheTeamsDefaultOtherwise()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var tom = world.Team[TeamRole.TeamMember];
        var tomBrowser = await app.SignInAsync(world.Team, tom);

        // The team works in Auckland by default; Tom is in Los Angeles.
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/team/settings", new() { ["Input.Name"] = "Kiwi Agency", ["Input.TimeZone"] = "Pacific/Auckland", ["Input.Currency"] = "NZD" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await tomBrowser.PostFormAsync("/account/profile", new() { ["Input.DisplayName"] = "Tom T.", ["Input.TimeZone"] = "America/Los_Angeles" })).StatusCode);
        var bad = await tomBrowser.PostFormAsync("/account/profile", new() { ["Input.DisplayName"] = "Tom T.", ["Input.TimeZone"] = "Mars/Olympus" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Choose a time zone from the list.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await tomBrowser.GetAsync("/team/settings")).StatusCode);

        // Between 12:00 and 18:00 UTC it is already tomorrow in Auckland and still today in Los Angeles.
        while (app.Clock.GetUtcNow().Hour is < 12 or > 18)
        {
            app.Clock.Advance(TimeSpan.FromHours(1));
        }

        var utcToday = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var (auckland, losAngeles) = await world.AsAsync(async sp =>
        {
            var tracking = sp.GetRequiredService<TimeTracking>();
            return ((await tracking.LocalTodayAsync(world.Manager.UserId, default)).Today, (await tracking.LocalTodayAsync(tom.UserId, default)).Today);
        });
        Assert.Equal((utcToday.AddDays(1), utcToday), (auckland, losAngeles));
        Assert.Contains("Tom T.", await tomBrowser.GetStringAsync("/"), StringComparison.Ordinal);
        var team = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Tenants.SingleAsync(t => t.Id == world.Team.Tenant.Id));
        Assert.Equal(("Kiwi Agency", "Pacific/Auckland", "NZD"), (team.Name, team.TimeZone, team.Currency));
    }

    [Fact]
    public async Task ShowFeedTimesOnEachViewersClock()
    {
        var world = await TimeWorld.CreateAsync(app);
        app.Clock.Advance(TimeSpan.FromMinutes(60 - app.Clock.GetUtcNow().Minute));
        var now = app.Clock.GetUtcNow().UtcDateTime;
        string On(string zone) => $"title=\"{zone}\">{TimeZoneInfo.ConvertTimeFromUtc(now, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("g", new System.Globalization.CultureInfo("en"))}</time>";
        var manager = await app.SignInAsync(world.Team, world.Manager);
        await manager.PostFormAsync("/account/profile", new() { ["Input.DisplayName"] = world.Manager.Name, ["Input.TimeZone"] = "Asia/Tokyo" });
        await manager.PostFormAsync($"/projects/{world.Project}?handler=Post", new() { ["Post.Text"] = "Kick-off done" }, $"/projects/{world.Project}");

        var tokyo = WebUtility.HtmlDecode(await manager.GetStringAsync($"/projects/{world.Project}"));
        Assert.Contains($"<time datetime=\"{now:yyyy-MM-ddTHH:mm:ss.fffffff}Z\" {On("Asia/Tokyo")}", tokyo, StringComparison.Ordinal);

        var sam = world.Team[TeamRole.SalesManager];
        var samBrowser = await app.SignInAsync(world.Team, sam);
        await samBrowser.PostFormAsync("/account/profile", new() { ["Input.DisplayName"] = sam.Name, ["Input.TimeZone"] = "America/New_York" });
        var newYork = WebUtility.HtmlDecode(await samBrowser.GetStringAsync($"/projects/{world.Project}"));
        Assert.Contains(On("America/New_York"), newYork, StringComparison.Ordinal);
    }
}
