using System.Net;
using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Web.Pages.Team;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Team;

public class MembersShould(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<TestTeam> TeamAsync() => app.CreateTeamAsync("m" + Guid.NewGuid().ToString("N")[..8],
        ("Olivia Owner", TeamRole.OrganizationManager), ("Sam Sales", TeamRole.SalesManager), ("Tom Member", TeamRole.TeamMember));

    private static Task<HttpResponseMessage> ChangeRoleAsync(Browser manager, TestMember member, TeamRole role) =>
        manager.PostFormAsync("/team/members?handler=Role", new() { ["membershipId"] = member.MembershipId.ToString(), ["role"] = role.ToString() }, tokenFrom: "/team/members");

    [Fact]
    public async Task ListMembersWithSearchAndSorting()
    {
        var team = await TeamAsync();
        var member = await app.SignInAsync(team, team[TeamRole.TeamMember]);

        static string Rows(string html) => html[html.IndexOf("<tbody>", StringComparison.Ordinal)..];
        var all = Rows(await member.GetStringAsync("/team/members?Sort=name"));
        var found = Rows(await member.GetStringAsync("/team/members?Search=sam"));
        var none = await member.GetStringAsync("/team/members?Search=zzz");

        Assert.True(all.IndexOf("Olivia Owner", StringComparison.Ordinal) < all.IndexOf("Tom Member", StringComparison.Ordinal));
        var desc = Rows(await member.GetStringAsync("/team/members?Sort=name&Desc=true"));
        Assert.True(desc.IndexOf("Olivia Owner", StringComparison.Ordinal) > desc.IndexOf("Tom Member", StringComparison.Ordinal));
        Assert.Contains("Sam Sales", found);
        Assert.DoesNotContain("Tom Member", found);
        Assert.Contains("No member matches", none);
    }

    [Fact]
    public async Task ChangeARoleWhichTakesEffectOnTheMembersNextRequest()
    {
        var team = await TeamAsync();
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var tom = await app.SignInAsync(team, team[TeamRole.TeamMember]);
        Assert.Equal(HttpStatusCode.Forbidden, (await tom.GetAsync("/team/invitations")).StatusCode);

        var changed = await ChangeRoleAsync(manager, team[TeamRole.TeamMember], TeamRole.OrganizationManager);

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tom.GetAsync("/team/invitations")).StatusCode);
    }

    [Fact]
    public async Task AuditRoleChangesWithWhoAndWhat()
    {
        var team = await TeamAsync();
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);

        await ChangeRoleAsync(manager, team[TeamRole.TeamMember], TeamRole.SalesRepresentative);

        var entry = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditEntries
            .SingleAsync(a => a.EntityType == nameof(Membership) && a.Action == AuditAction.Updated), team.Tenant);
        Assert.Equal(team[TeamRole.OrganizationManager].UserId, entry.UserId);
        Assert.Equal(team[TeamRole.TeamMember].MembershipId.ToString(), entry.EntityId);
        Assert.Contains("\"Role\":[3,2]", entry.Changes);
        var page = await manager.GetStringAsync("/team/audit?Action=Updated&EntityType=Membership");
        Assert.Contains("Olivia Owner", page);
        var filteredOut = await manager.GetStringAsync("/team/audit?Action=Deleted");
        Assert.Contains("No changes match", filteredOut);
    }

    [Fact]
    public async Task NeverDemoteOrRemoveTheLastOrganizationManager()
    {
        var team = await TeamAsync();
        var owner = team[TeamRole.OrganizationManager];
        var manager = await app.SignInAsync(team, owner);

        var demoted = await ChangeRoleAsync(manager, owner, TeamRole.TeamMember);
        var removed = await manager.PostFormAsync("/team/members?handler=Remove", new() { ["membershipId"] = owner.MembershipId.ToString() }, tokenFrom: "/team/members");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, demoted.StatusCode);
        var html = await demoted.Content.ReadAsStringAsync();
        Assert.Contains("at least one Organization Manager", html);
        Assert.Contains("Tom Member", html);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, removed.StatusCode);
        var role = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Memberships.Where(m => m.Id == owner.MembershipId).Select(m => m.Role).SingleAsync(), team.Tenant);
        Assert.Equal(TeamRole.OrganizationManager, role);
    }

    [Fact]
    public async Task LetAManagerStepDownOnceAnotherManagerExists()
    {
        var team = await TeamAsync();
        var owner = team[TeamRole.OrganizationManager];
        var manager = await app.SignInAsync(team, owner);
        await ChangeRoleAsync(manager, team[TeamRole.SalesManager], TeamRole.OrganizationManager);

        var demoted = await ChangeRoleAsync(manager, owner, TeamRole.TeamMember);

        Assert.Equal(HttpStatusCode.Redirect, demoted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/team/invitations")).StatusCode);
    }

    [Fact]
    public async Task RemoveAMemberWhoIsSignedOutOnTheirNextRequest()
    {
        var team = await TeamAsync();
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var tom = await app.SignInAsync(team, team[TeamRole.TeamMember]);

        var removed = await manager.PostFormAsync("/team/members?handler=Remove", new() { ["membershipId"] = team[TeamRole.TeamMember].MembershipId.ToString() }, tokenFrom: "/team/members");

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        var after = await tom.GetAsync("/team/members");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/signin", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task RefuseRoleChangesByNonManagersInTheHandlerItself()
    {
        var team = await TeamAsync();
        var tom = team[TeamRole.TeamMember];

        var error = await Record.ExceptionAsync(() => app.WithScopeAsync(async sp =>
        {
            sp.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { User = TestPrincipals.Member(tom.UserId, TeamRole.SalesManager, team.Tenant.Id) };
            await sp.GetRequiredService<IMediator>().Send(new MembersModel.ChangeRole(tom.MembershipId, TeamRole.OrganizationManager));
        }, team.Tenant));

        var forbidden = Assert.IsType<ForbiddenException>(error);
        Assert.Equal(TeamPermissions.MembersManage, forbidden.Permission);
    }

    [Fact]
    public async Task ShowThePermissionMatrixToManagersOnly()
    {
        var team = await TeamAsync();
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var sales = await app.SignInAsync(team, team[TeamRole.SalesManager]);

        var matrix = await manager.GetStringAsync("/team/permissions");

        Assert.Contains(TeamPermissions.MembersManage, matrix);
        Assert.Contains("Sales Representative", matrix);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetAsync("/team/permissions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetAsync("/team/audit")).StatusCode);
    }
}
