using System.Net;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Projects;

namespace CrmSaaS.Tests.Time;

public class TimeReportPageShould(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task LogAsync(Browser browser, Guid project, DateOnly day, string duration, string description) =>
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/time", new()
        {
            ["Input.ProjectId"] = project.ToString(), ["Input.Date"] = day.ToString("yyyy-MM-dd"), ["Input.Duration"] = duration, ["Input.Description"] = description, ["Input.Billable"] = "true",
        })).StatusCode);

    [Fact]
    public async Task Show_members_their_own_time_and_managers_everyones_with_totals_and_csv()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var tom = world.Team[TeamRole.TeamMember];
        await manager.PostFormAsync($"/projects/{world.Project}/team?handler=AddMember", new() { ["userId"] = tom.UserId.ToString(), ["role"] = "Member" }, $"/projects/{world.Project}/team");
        var tomBrowser = await app.SignInAsync(world.Team, tom);
        var day = world.Today;
        await LogAsync(manager, world.Project, day, "2:00", "Manager work");
        await LogAsync(tomBrowser, world.Project, day, "1:30", "Tom work");
        var query = $"/time/reports?Range=custom&From={day:yyyy-MM-dd}&To={day:yyyy-MM-dd}&Client={world.Client}&Group=Member";

        var managerView = await manager.GetStringAsync(query);
        Assert.Contains("Olivia Org", managerView, StringComparison.Ordinal);
        Assert.Contains("Tom Team", managerView, StringComparison.Ordinal);
        Assert.Contains(">3:30<", managerView, StringComparison.Ordinal);

        var tomView = await tomBrowser.GetStringAsync(query);
        Assert.Contains("Tom Team", tomView, StringComparison.Ordinal);
        Assert.DoesNotContain("Olivia Org", tomView, StringComparison.Ordinal);
        Assert.Contains(">1:30<", tomView, StringComparison.Ordinal);
        Assert.DoesNotContain(">3:30<", tomView, StringComparison.Ordinal);
        var sneaky = await tomBrowser.GetStringAsync(query + $"&Member={world.Manager.UserId}");
        Assert.DoesNotContain("Olivia Org", sneaky, StringComparison.Ordinal);

        var csv = await manager.GetAsync(query.Replace("/time/reports?", "/time/reports.csv?", StringComparison.Ordinal));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("Tom Team,1.50,1.50,1", text, StringComparison.Ordinal);
        Assert.Contains("Total,3.50,3.50,2", text, StringComparison.Ordinal);

        var other = await manager.GetStringAsync($"/time/reports?Range=custom&From={day.AddDays(-10):yyyy-MM-dd}&To={day.AddDays(-1):yyyy-MM-dd}");
        Assert.Contains("No time in this period.", other, StringComparison.Ordinal);
        var backwards = await manager.GetAsync($"/time/reports?Range=custom&From={day:yyyy-MM-dd}&To={day.AddDays(-3):yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        Assert.Contains("The end must be after the start.", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
