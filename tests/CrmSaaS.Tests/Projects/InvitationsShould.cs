using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Projects;

public class ProjectInvitationsShould(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<ProjectMember> RowAsync(Infrastructure.TestTeam team, Guid contact) => app.WithScopeAsync(async sp =>
        await sp.GetRequiredService<AppDbContext>().Set<ProjectMember>().SingleAsync(m => m.ContactId == contact), team.Tenant);

    [Fact]
    public async Task Email_a_link_that_creates_the_contacts_account_and_signs_them_in()
    {
        var (team, manager, client, contact, email) = await ProjectsApp.ClientWithContactAsync(app);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Invited");
        await ProjectsApp.InviteAsync(manager, project, contact);
        Assert.Contains("Invited", (await manager.GetStringAsync($"/projects/{project}/team")), StringComparison.Ordinal);

        var link = await ProjectsApp.InvitationLinkAsync(app, email);
        var browser = app.Browser(team.Host);
        var page = await browser.GetStringAsync(link);
        Assert.Contains(email, page, StringComparison.Ordinal);
        var accepted = await browser.PostFormAsync(link, new() { ["Input.DisplayName"] = "Clara Client", ["Input.Password"] = AppFactory.Password }, link);

        Assert.Equal($"/portal/projects/{project}", accepted.Headers.Location?.OriginalString);
        Assert.Contains("Invited", await browser.GetStringAsync($"/portal/projects/{project}"), StringComparison.Ordinal);
        var row = await RowAsync(team, contact);
        Assert.NotNull(row.AcceptedAt);
        Assert.NotNull(row.UserId);
        // The link is spent.
        Assert.Contains("no longer valid", await app.Browser(team.Host).GetStringAsync(link), StringComparison.Ordinal);
        // The contact signs in again later with their password.
        var again = app.Browser(team.Host);
        var signIn = await again.PostFormAsync("/account/signin", new() { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/portal/projects/{project}")).StatusCode);
    }

    [Fact]
    public async Task End_access_at_once_when_revoked_and_allow_a_new_invitation()
    {
        var (team, manager, client, contact, email) = await ProjectsApp.ClientWithContactAsync(app);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Revoked");
        await ProjectsApp.InviteAsync(manager, project, contact);
        var portal = await ProjectsApp.AcceptAsync(app, team, email);
        var row = await RowAsync(team, contact);

        var revoked = await manager.PostFormAsync($"/projects/{project}/team?handler=Remove", new() { ["memberId"] = row.Id.ToString() }, $"/projects/{project}/team");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        var after = await portal.GetAsync($"/portal/projects/{project}");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/signin", after.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var signIn = await app.Browser(team.Host).PostFormAsync("/account/signin", new() { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, signIn.StatusCode);

        await ProjectsApp.InviteAsync(manager, project, contact);
        var back = await ProjectsApp.AcceptAsync(app, team, email);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync($"/portal/projects/{project}")).StatusCode);
    }

    [Fact]
    public async Task Not_be_accepted_after_it_expired_or_was_revoked()
    {
        var (team, manager, client, contact, email) = await ProjectsApp.ClientWithContactAsync(app);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Expiring");
        await ProjectsApp.InviteAsync(manager, project, contact);
        var link = await ProjectsApp.InvitationLinkAsync(app, email);

        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var row = await db.Set<ProjectMember>().SingleAsync(m => m.ContactId == contact);
            row.InvitationExpiresAt = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1);
            await db.SaveChangesAsync();
        }, team.Tenant);

        Assert.Contains("no longer valid", await app.Browser(team.Host).GetStringAsync(link), StringComparison.Ordinal);
        Assert.Null((await RowAsync(team, contact)).UserId);
    }

    [Fact]
    public async Task Invite_only_contacts_of_the_projects_client()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Own client");
        var other = await Crm.CrmApp.CreateClientAsync(manager, "Other", team[TeamRole.OrganizationManager].UserId);
        var stranger = await Crm.CrmApp.CreateContactAsync(manager, "Sven", "Stranger", team[TeamRole.OrganizationManager].UserId, $"sven.{Guid.NewGuid():N}@other.test", other);

        var response = await manager.PostFormAsync($"/projects/{project}/team?handler=Invite", new() { ["contactId"] = stranger.ToString(), ["role"] = "Viewer" }, $"/projects/{project}/team");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("contact of this project", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_subscribed_members_and_contacts_only_what_they_may_see()
    {
        var (team, manager, client, contact, email) = await ProjectsApp.ClientWithContactAsync(app);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Mailing");
        var sam = team[TeamRole.SalesManager];
        var tom = team[TeamRole.TeamMember];
        foreach (var who in new[] { sam, tom })
        {
            await manager.PostFormAsync($"/projects/{project}/team?handler=AddMember", new() { ["userId"] = who.UserId.ToString(), ["role"] = "Member" }, $"/projects/{project}/team");
        }

        await ProjectsApp.InviteAsync(manager, project, contact);
        await ProjectsApp.AcceptAsync(app, team, email);
        var tomBrowser = await app.SignInAsync(team, tom);
        await tomBrowser.PostFormAsync($"/projects/{project}?handler=Subscribe", new() { ["on"] = "false" }, $"/projects/{project}");

        await manager.PostFormAsync($"/projects/{project}?handler=Post", new() { ["Post.Text"] = "Internal only" }, $"/projects/{project}");
        await manager.PostFormAsync($"/projects/{project}?handler=Post", new() { ["Post.Text"] = "For the client", ["Post.VisibleToClient"] = "true" }, $"/projects/{project}");

        var samMail = await app.OutboxAsync(sam.Email);
        Assert.Contains(samMail, m => m.TextBody.Contains("Internal only", StringComparison.Ordinal));
        Assert.Contains(samMail, m => m.TextBody.Contains("For the client", StringComparison.Ordinal));
        Assert.DoesNotContain(await app.OutboxAsync(tom.Email), m => m.TextBody.Contains("For the client", StringComparison.Ordinal));
        var contactMail = await app.OutboxAsync(email);
        Assert.Contains(contactMail, m => m.TextBody.Contains("For the client", StringComparison.Ordinal));
        Assert.DoesNotContain(contactMail, m => m.TextBody.Contains("Internal only", StringComparison.Ordinal));
        Assert.DoesNotContain(await app.OutboxAsync(team[TeamRole.OrganizationManager].Email), m => m.TextBody.Contains("For the client", StringComparison.Ordinal));
    }
}
