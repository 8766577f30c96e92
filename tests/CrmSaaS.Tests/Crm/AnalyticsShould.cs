using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;

namespace CrmSaaS.Tests.Crm;

public class AnalyticsShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task CountContactsClientsActivitiesAndFollowUpsPerMember()
    {
        var team = await CrmApp.TeamAsync(app);
        var sam = await app.SignInAsync(team, team[TeamRole.SalesManager]);
        var samId = team[TeamRole.SalesManager].UserId;
        await CrmApp.CreateClientAsync(sam, "Counted Co", samId);
        var contact = await CrmApp.CreateContactAsync(sam, "Carla", "Count", samId);
        await CrmApp.CreateContactAsync(sam, "Carl", "Count", samId);
        var page = $"/crm/contacts/{contact}";
        await sam.PostFormAsync(page + "?handler=Log", new() { ["Activity.Type"] = "Call", ["Activity.Subject"] = "One" }, tokenFrom: page);
        await sam.PostFormAsync(page + "?handler=Log", new() { ["Activity.Type"] = "FollowUp", ["Activity.Subject"] = "Two", ["Activity.DueOn"] = "2026-10-01" }, tokenFrom: page);

        var html = await sam.GetStringAsync("/crm/analytics");

        Assert.Matches("<td>Sam Sales</td><td class=\"text-end\">2</td><td class=\"text-end\">1</td>", html);
        Assert.Matches("<td>Sam Sales</td>(\\s*<td class=\"text-end\">0</td>){11}\\s*<td class=\"text-end\">2</td>", html);
        Assert.Matches("<td>Sam Sales</td><td class=\"text-end\">1</td><td class=\"text-end\">1</td>", html);
        Assert.Contains("chart.umd.min.js", html);
        Assert.Contains("data-chart=\"chart-owners\"", html);
    }
}
