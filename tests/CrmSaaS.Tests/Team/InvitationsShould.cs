using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Team;

public class InvitationsShould(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<TestTeam> TeamAsync() => app.CreateTeamAsync("i" + Guid.NewGuid().ToString("N")[..8], ("Olivia", TeamRole.OrganizationManager), ("Tom", TeamRole.TeamMember));

    private static string LinkIn(string body) => body.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)).Trim();

    private async Task<string> InviteAsync(Browser manager, string email, TeamRole role)
    {
        var response = await manager.PostFormAsync("/team/invitations", new() { ["Input.Email"] = email, ["Input.Role"] = role.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return LinkIn((await app.OutboxAsync(email)).Last().TextBody);
    }

    [Fact]
    public async Task LetANewPersonSetAPasswordAndJoinWithTheInvitedRole()
    {
        var team = await TeamAsync();
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var email = $"new-{Guid.NewGuid():N}@mail.test";

        var link = new Uri(await InviteAsync(manager, email, TeamRole.SalesRepresentative));
        Assert.Equal(team.Host, link.Host);

        var invitee = app.Browser(team.Host);
        var page = await invitee.GetStringAsync(link.PathAndQuery);
        Assert.Contains("Sales Representative", page);
        var accepted = await invitee.PostFormAsync(link.PathAndQuery, new() { ["Input.DisplayName"] = "Nora New", ["Input.Password"] = "Nora-pass-1" }, tokenFrom: link.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("Nora New", await invitee.GetStringAsync("/"));
        var role = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Memberships.Where(m => m.User!.Email == email).Select(m => m.Role).SingleAsync(), team.Tenant);
        Assert.Equal(TeamRole.SalesRepresentative, role);
        Assert.Contains(await app.OutboxAsync(team[TeamRole.OrganizationManager].Email), m => m.Subject.Contains("Nora New"));
    }

    [Fact]
    public async Task LetSomeoneWithAnAccountJustJoin()
    {
        var team = await TeamAsync();
        var other = await TeamAsync();
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var existing = other[TeamRole.TeamMember];

        var link = new Uri(await InviteAsync(manager, existing.Email, TeamRole.TeamMember));
        var invitee = app.Browser(team.Host);
        Assert.Contains("already have a CrmSaaS account", await invitee.GetStringAsync(link.PathAndQuery));
        var joined = await invitee.PostFormAsync(link.PathAndQuery, [], tokenFrom: link.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync("/team/members")).StatusCode);
        var signIn = await app.Browser(team.Host).PostFormAsync("/account/signin", new() { ["Input.Email"] = existing.Email, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task ShowPendingInvitationsAndInvalidateRevokedOnes()
    {
        var team = await TeamAsync();
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var email = $"rev-{Guid.NewGuid():N}@mail.test";
        var link = new Uri(await InviteAsync(manager, email, TeamRole.TeamMember));
        Assert.Contains(email, await manager.GetStringAsync("/team/invitations"));
        var id = await InvitationIdAsync(team, email);

        var revoked = await manager.PostFormAsync("/team/invitations?handler=Revoke", new() { ["id"] = id.ToString() }, tokenFrom: "/team/invitations");

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("no longer valid", await app.Browser(team.Host).GetStringAsync(link.PathAndQuery));
    }

    [Fact]
    public async Task ResendWithANewLinkThatReplacesTheOldOne()
    {
        var team = await TeamAsync();
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var email = $"re-{Guid.NewGuid():N}@mail.test";
        var first = new Uri(await InviteAsync(manager, email, TeamRole.TeamMember));

        await manager.PostFormAsync("/team/invitations?handler=Resend", new() { ["id"] = (await InvitationIdAsync(team, email)).ToString() }, tokenFrom: "/team/invitations");
        var second = new Uri(LinkIn((await app.OutboxAsync(email)).Last().TextBody));

        Assert.NotEqual(first, second);
        Assert.Contains("no longer valid", await app.Browser(team.Host).GetStringAsync(first.PathAndQuery));
        Assert.Contains("Choose a password", await app.Browser(team.Host).GetStringAsync(second.PathAndQuery));
    }

    [Fact]
    public async Task RefuseInvitingAMemberOrABadAddressBesideTheField()
    {
        var team = await TeamAsync();
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);

        var member = await manager.PostFormAsync("/team/invitations", new() { ["Input.Email"] = team[TeamRole.TeamMember].Email, ["Input.Role"] = "TeamMember" });
        var bad = await manager.PostFormAsync("/team/invitations", new() { ["Input.Email"] = "nope", ["Input.Role"] = "TeamMember" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, member.StatusCode);
        Assert.Contains("already a member", await member.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Matches("data-valmsg-for=\"Input.Email\"[^>]*>[^<]+<", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ExpireAfterSevenDays()
    {
        var team = await TeamAsync();
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var email = $"exp-{Guid.NewGuid():N}@mail.test";
        var link = new Uri(await InviteAsync(manager, email, TeamRole.TeamMember));

        app.Clock.Advance(TimeSpan.FromDays(8));

        Assert.Contains("no longer valid", await app.Browser(team.Host).GetStringAsync(link.PathAndQuery));
    }

    [Fact]
    public async Task BeOnlyForOrganizationManagers()
    {
        var team = await TeamAsync();
        var member = await app.SignInAsync(team, team[TeamRole.TeamMember]);

        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/team/invitations")).StatusCode);
        var token = await member.TokenAsync("/team/members");
        var post = await member.PostWithTokenAsync("/team/invitations", new() { ["Input.Email"] = "x@mail.test", ["Input.Role"] = "OrganizationManager" }, token);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Empty(await app.OutboxAsync("x@mail.test"));
    }

    private Task<Guid> InvitationIdAsync(TestTeam team, string email) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Invitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync(), team.Tenant);
}
