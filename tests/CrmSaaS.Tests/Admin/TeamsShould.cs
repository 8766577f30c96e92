using System.Net;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;

namespace CrmSaaS.Tests.Admin;

public class TeamsShould(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<Browser> SuperadminAsync()
    {
        var root = app.Root();
        var response = await root.PostFormAsync("/admin/signin", new() { ["Input.Email"] = AppFactory.SuperadminEmail, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return root;
    }

    [Fact]
    public async Task ListTeamsWithTheirMembers()
    {
        var team = await app.CreateTeamAsync("list" + Guid.NewGuid().ToString("N")[..6], ("One", TeamRole.OrganizationManager), ("Two", TeamRole.TeamMember));
        var admin = await SuperadminAsync();

        var page = await admin.GetStringAsync("/admin?Search=" + team.Tenant.Identifier);

        Assert.Contains(team.Tenant.Name, page);
        Assert.Matches("<td>2</td>", page);
    }

    [Fact]
    public async Task SuspendATeamSoItsSubdomainAnswers404AndResumeIt()
    {
        var team = await app.CreateTeamAsync("susp" + Guid.NewGuid().ToString("N")[..6], ("Owner", TeamRole.OrganizationManager));
        var member = await app.SignInAsync(team, team.Members[0]);
        var admin = await SuperadminAsync();

        var suspended = await admin.PostFormAsync("/admin?handler=Suspend", new() { ["id"] = team.Tenant.Id.ToString() }, tokenFrom: "/admin");
        Assert.Equal(HttpStatusCode.Redirect, suspended.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser(team.Host).GetAsync("/account/signin")).StatusCode);

        await admin.PostFormAsync("/admin?handler=Resume", new() { ["id"] = team.Tenant.Id.ToString() }, tokenFrom: "/admin");
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task KeepEveryoneButSuperadminsOut()
    {
        var team = await app.CreateTeamAsync("keep" + Guid.NewGuid().ToString("N")[..6], ("Owner", TeamRole.OrganizationManager));

        var anonymous = await app.Root().GetAsync("/admin");
        var member = await app.Root().PostFormAsync("/admin/signin", new() { ["Input.Email"] = team.Members[0].Email, ["Input.Password"] = AppFactory.Password });

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/admin/signin", anonymous.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, member.StatusCode);
    }
}
