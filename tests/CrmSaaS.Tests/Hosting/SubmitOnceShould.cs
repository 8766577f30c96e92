using System.Net;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Hosting;

/// <summary>A create form sent twice — a double click, a resent request — creates one record.</summary>
public partial class SubmitOnceShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task CreateOneClientFromADoubleClickAndLeadBothClicksToIt()
    {
        var team = await Crm.CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var html = await manager.GetStringAsync("/crm/clients/new");
        var once = OnceToken().Match(html).Groups[1].Value;
        var token = await manager.TokenAsync("/crm/clients/new");
        var form = new Dictionary<string, string>(Crm.CrmApp.ClientForm("Twice Clicked", team[TeamRole.OrganizationManager].UserId)) { ["__SubmitOnce"] = once };

        var clicks = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => manager.PostWithTokenAsync("/crm/clients/new", form, token)));

        Assert.All(clicks, c => Assert.Equal(HttpStatusCode.Redirect, c.StatusCode));
        Assert.Single(clicks.Select(c => c.Headers.Location!.OriginalString).Distinct());
        Assert.Equal(1, await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Client>().CountAsync(c => c.Name == "Twice Clicked"), team.Tenant));

        // A later resend of the same form still leads to the client made the first time.
        var resent = await manager.PostWithTokenAsync("/crm/clients/new", form, token);
        Assert.Equal(clicks[0].Headers.Location, resent.Headers.Location);
    }

    [Fact]
    public async Task LetAFormRefusedWithMessagesBeSentAgainCorrected()
    {
        var team = await Crm.CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var once = OnceToken().Match(await manager.GetStringAsync("/crm/clients/new")).Groups[1].Value;
        var token = await manager.TokenAsync("/crm/clients/new");
        var form = new Dictionary<string, string>(Crm.CrmApp.ClientForm("", team[TeamRole.OrganizationManager].UserId)) { ["__SubmitOnce"] = once };

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await manager.PostWithTokenAsync("/crm/clients/new", form, token)).StatusCode);
        form["Input.Name"] = "Corrected";
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostWithTokenAsync("/crm/clients/new", form, token)).StatusCode);
    }

    [Fact]
    public async Task NotLeadAnotherUserToTheFirstSendersResult()
    {
        var team = await Crm.CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var other = await app.SignInAsync(team, team[TeamRole.SalesRepresentative]);
        var once = OnceToken().Match(await manager.GetStringAsync("/crm/clients/new")).Groups[1].Value;
        var form = new Dictionary<string, string>(Crm.CrmApp.ClientForm("Mine", team[TeamRole.OrganizationManager].UserId)) { ["__SubmitOnce"] = once };
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostWithTokenAsync("/crm/clients/new", form, await manager.TokenAsync("/crm/clients/new"))).StatusCode);

        var replay = await other.PostWithTokenAsync("/crm/clients/new", form, await other.TokenAsync("/crm/clients/new"));

        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
    }

    [GeneratedRegex("name=\"__SubmitOnce\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex OnceToken();
}
