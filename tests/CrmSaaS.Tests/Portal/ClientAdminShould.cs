using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Portal.Domain;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Payments;
using CrmSaaS.Tests.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Portal;

/// <summary>
/// Portal access per client contact over HTTP: the team makes a contact the client's admin; the admin
/// invites a colleague as billing contact, who joins by the emailed link without any project, sees and
/// opens the invoices, and loses everything at once when removed; project roles given before joining
/// apply on joining; nobody manages another client's people or their own access.
/// </summary>
public sealed class ClientAdminShould(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>The paying world with its billing contact made the client's admin by the team (from the contact's page).</summary>
    private async Task<(PayingWorld Paying, Guid Admin)> AdminAsync()
    {
        var paying = await PaymentsApp.PayingAsync(app, stripe: false);
        var admin = await paying.World.AsAsync(sp => sp.GetRequiredService<ICrmDirectory>().Contacts.Where(c => c.Email == paying.ContactEmail).Select(c => c.Id).SingleAsync());
        Assert.Contains("id=\"roles-form\"", await paying.Manager.GetStringAsync($"/crm/contacts/{admin}/portal"), StringComparison.Ordinal);
        await PortalApp.SetRolesAsync(paying.Manager, admin, new()
        {
            ["Roles.ClientAdmin"] = "true", ["Roles.BillingContact"] = "true", [$"Roles.Projects[{paying.World.Project}]"] = "Viewer",
        });
        return (paying, admin);
    }

    private static Task<HttpResponseMessage> InviteAsync(Browser admin, Guid client, string first, string email, Dictionary<string, string>? roles = null)
    {
        var form = new Dictionary<string, string> { ["Invite.ClientId"] = client.ToString(), ["Invite.FirstName"] = first, ["Invite.LastName"] = "Colleague", ["Invite.Email"] = email };
        foreach (var (key, value) in roles ?? [])
        {
            form[key] = value;
        }

        return admin.PostFormAsync("/portal/people?handler=Invite", form, tokenFrom: "/portal/people");
    }

    private Task<Browser> JoinAsync(TestTeam team, string email, string name) => PortalApp.JoinAsync(app, team, email, name);

    private Task<Guid> ContactIdAsync(PayingWorld paying, string email) =>
        paying.World.AsAsync(sp => sp.GetRequiredService<ICrmDirectory>().Contacts.Where(c => c.Email == email).Select(c => c.Id).SingleAsync());

    [Fact]
    public async Task InviteAColleagueAsBillingContactWhoJoinsWithoutAProjectSeesTheInvoicesAndLosesThemWhenRemoved()
    {
        var (paying, admin) = await AdminAsync();
        var world = paying.World;
        var people = await paying.Contact.GetStringAsync("/portal/people");
        Assert.Contains("id=\"invite-form\"", people, StringComparison.Ordinal);
        Assert.Contains("Client admin", people, StringComparison.Ordinal);
        Assert.Contains(">That is you<", people, StringComparison.Ordinal);

        var email = $"bea.{Guid.NewGuid():N}@acme.test";
        var invited = await InviteAsync(paying.Contact, world.Client, "Bea", email, new() { ["Roles.BillingContact"] = "true" });
        Assert.True(invited.StatusCode == HttpStatusCode.Redirect, $"Inviting answered {(int)invited.StatusCode}: {await invited.Content.ReadAsStringAsync()}");
        var bea = await ContactIdAsync(paying, email);
        Assert.Contains($"/portal/people/{bea}", await paying.Contact.GetStringAsync("/portal/people"), StringComparison.Ordinal);
        // The team sees the new contact under the client, with the access it was given.
        Assert.Contains("Invited", await paying.Manager.GetStringAsync($"/crm/contacts/{bea}/portal"), StringComparison.Ordinal);

        var colleague = await JoinAsync(world.Team, email, "Bea Colleague");
        var number = (await CrmSaaS.Tests.Billing.BillingApp.InvoiceAsync(world, paying.Invoice)).Number!;
        Assert.Contains(number, await colleague.GetStringAsync("/portal/invoices"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync($"/portal/invoices/{paying.Invoice}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync(paying.Page)).StatusCode);
        // No project was given: the project is not theirs to see.
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync($"/portal/projects/{world.Project}")).StatusCode);
        // Not an admin: told who is, and refused the admin's pages and actions.
        var theirPeople = await colleague.GetStringAsync("/portal/people");
        Assert.Contains("id=\"not-client-admin\"", theirPeople, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"invite-form\"", theirPeople, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync($"/portal/people/{admin}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await InviteAsync(colleague, world.Client, "Eve", $"eve.{Guid.NewGuid():N}@acme.test")).StatusCode);

        // Removed: the next request is refused, the open stream ends now (not at the next heartbeat), the roles are gone.
        await using var live = await LiveReader.OpenAsync(colleague, "/portal/live");
        Assert.Equal("ready", (await live.NextAsync())?.Event);
        var removed = await paying.Contact.PostFormAsync($"/portal/people/{bea}?handler=Remove", [], tokenFrom: $"/portal/people/{bea}");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.True(await live.EndsWithinAsync(TimeSpan.FromSeconds(5)), "the removed contact's stream should end at once");
        var after = await colleague.GetAsync("/portal/invoices");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/signin", after.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.False(await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<ClientBillingContact>().AnyAsync(b => b.ContactId == bea)));
    }

    [Fact]
    public async Task ApplyProjectRolesGivenBeforeJoiningOnJoiningAndChangeThemLater()
    {
        var (paying, _) = await AdminAsync();
        var world = paying.World;
        var email = $"carl.{Guid.NewGuid():N}@acme.test";
        Assert.Equal(HttpStatusCode.Redirect, (await InviteAsync(paying.Contact, world.Client, "Carl", email, new() { [$"Roles.Projects[{world.Project}]"] = "Collaborator" })).StatusCode);
        var carl = await ContactIdAsync(paying, email);

        var colleague = await JoinAsync(world.Team, email, "Carl Colleague");
        Assert.Contains("Tracked", await colleague.GetStringAsync($"/portal/projects/{world.Project}"), StringComparison.Ordinal);
        // Not a billing contact: no invoices.
        Assert.Contains("id=\"not-billing-contact\"", await colleague.GetStringAsync("/portal/invoices"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync($"/portal/invoices/{paying.Invoice}")).StatusCode);
        var member = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<ProjectMember>().SingleAsync(m => m.ContactId == carl));
        Assert.Equal(ProjectRole.Collaborator, member.Role);
        Assert.NotNull(member.AcceptedAt);

        // The admin makes them a Viewer and a billing contact: both apply on the next request.
        var page = $"/portal/people/{carl}";
        Assert.Contains("value=\"Collaborator\" selected", await paying.Contact.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await paying.Contact.PostFormAsync(page + "?handler=Save",
            new() { ["Roles.BillingContact"] = "true", [$"Roles.Projects[{world.Project}]"] = "Viewer" }, tokenFrom: page)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync($"/portal/invoices/{paying.Invoice}")).StatusCode);
        Assert.Equal(ProjectRole.Viewer, (await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<ProjectMember>().SingleAsync(m => m.ContactId == carl))).Role);
        // Only one invitation email was ever sent, the portal's.
        Assert.Single(await app.OutboxAsync(email));
    }

    [Fact]
    public async Task EndAPortalOnlyContactsAccessAtOnceWhenTheTeamMovesThemToAnotherClient()
    {
        var (paying, _) = await AdminAsync();
        var world = paying.World;
        var email = $"dora.{Guid.NewGuid():N}@acme.test";
        Assert.Equal(HttpStatusCode.Redirect, (await InviteAsync(paying.Contact, world.Client, "Dora", email, new() { ["Roles.BillingContact"] = "true" })).StatusCode);
        var dora = await ContactIdAsync(paying, email);
        var colleague = await JoinAsync(world.Team, email, "Dora Colleague");
        await using var live = await LiveReader.OpenAsync(colleague, "/portal/live");
        Assert.Equal("ready", (await live.NextAsync())?.Event);

        var globex = await CrmApp.CreateClientAsync(paying.Manager, "Globex", world.Manager.UserId);
        var moved = await paying.Manager.PostFormAsync($"/crm/contacts/{dora}/edit", CrmApp.ContactForm("Dora", "Colleague", world.Manager.UserId, email, globex), tokenFrom: "/");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);

        Assert.True(await live.EndsWithinAsync(TimeSpan.FromSeconds(5)), "the moved contact's stream should end at once");
        var after = await colleague.GetAsync("/portal/invoices");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/signin", after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefuseBadInputOtherClientsPeopleAndTheAdminsOwnAccess()
    {
        var (paying, admin) = await AdminAsync();
        var world = paying.World;
        var owner = world.Manager.UserId;
        var globex = await CrmApp.CreateClientAsync(paying.Manager, "Globex", owner);
        var otherEmail = $"olga.{Guid.NewGuid():N}@globex.test";
        var olga = await CrmApp.CreateContactAsync(paying.Manager, "Olga", "Other", owner, otherEmail, globex);
        var count = await world.AsAsync(sp => sp.GetRequiredService<ICrmDirectory>().Contacts.CountAsync());

        // Another client's people, by their id or by inviting into that client: not found.
        Assert.Equal(HttpStatusCode.NotFound, (await paying.Contact.GetAsync($"/portal/people/{olga}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paying.Contact.PostFormAsync($"/portal/people/{olga}?handler=Remove", [], tokenFrom: "/portal/people")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await InviteAsync(paying.Contact, globex, "Mallory", $"m.{Guid.NewGuid():N}@acme.test")).StatusCode);
        Assert.DoesNotContain("Olga", await paying.Contact.GetStringAsync("/portal/people"), StringComparison.Ordinal);
        // An address the team has under another client is not taken over.
        var taken = await InviteAsync(paying.Contact, world.Client, "Olga", otherEmail);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);
        Assert.Contains("This address cannot be added here.", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Bad fields: messages beside them, 422, nothing created.
        var blank = await InviteAsync(paying.Contact, world.Client, "", "not-an-address");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        var body = await blank.Content.ReadAsStringAsync();
        Assert.Contains("Enter the first name.", body, StringComparison.Ordinal);
        Assert.Contains("Enter a valid email address.", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await InviteAsync(paying.Contact, world.Client, "Pat", $"p.{Guid.NewGuid():N}@acme.test",
            new() { [$"Roles.Projects[{world.Project}]"] = "ProjectManager" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await InviteAsync(paying.Contact, world.Client, "Pat", $"p.{Guid.NewGuid():N}@acme.test",
            new() { [$"Roles.Projects[{Guid.NewGuid()}]"] = "Viewer" })).StatusCode);
        Assert.Equal(count, await world.AsAsync(sp => sp.GetRequiredService<ICrmDirectory>().Contacts.CountAsync()));

        // Their own access: shown, not changeable (another admin or the team does it).
        Assert.Contains("id=\"own-access\"", await paying.Contact.GetStringAsync($"/portal/people/{admin}"), StringComparison.Ordinal);
        var own = await paying.Contact.PostFormAsync($"/portal/people/{admin}?handler=Remove", [], tokenFrom: "/portal/people");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, own.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await paying.Contact.GetAsync("/portal/people")).StatusCode);

        // Team side: a Team Member may not manage portal access; the client page shows the admin.
        var member = await app.SignInAsync(world.Team, world.Team[TeamRole.TeamMember]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/crm/contacts/{admin}/portal")).StatusCode);
        var clientPage = await paying.Manager.GetStringAsync($"/crm/clients/{world.Client}");
        Assert.Contains("id=\"client-portal-state\"", clientPage, StringComparison.Ordinal);
        Assert.Contains($"/crm/clients/{world.Client}/portal", clientPage, StringComparison.Ordinal);
        Assert.Contains("Client admin", await paying.Manager.GetStringAsync($"/crm/clients/{world.Client}/portal"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MakeOnboardedRepresentativesClientAdminsWithTheProjectInvitationAsTheirOnlyEmail()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var email = $"rep.{Guid.NewGuid():N}@onboarded.test";
        var form = CrmApp.ClientForm("Onboarded Ltd", team[TeamRole.OrganizationManager].UserId);
        form["Representative.FirstName"] = "Rhea";
        form["Representative.LastName"] = "Representative";
        form["Representative.Email"] = email;
        form["Onboarding[Projects.CreateProject]"] = "true";
        form["Onboarding[Projects.InviteRepresentatives]"] = "true";
        form[$"Onboarding[{PortalOnboarding.RepresentativesAdmin}]"] = "true";
        var newClient = await manager.GetStringAsync("/crm/clients/new");
        Assert.Contains($"name=\"Onboarding[{PortalOnboarding.RepresentativesAdmin}]\"", newClient, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/crm/clients/new", form)).StatusCode);

        Assert.Single(await app.OutboxAsync(email));
        var rhea = await ProjectsApp.AcceptAsync(app, team, email, "Rhea Representative");
        var people = await rhea.GetStringAsync("/portal/people");
        Assert.Contains("id=\"invite-form\"", people, StringComparison.Ordinal);
        Assert.Contains("Rhea Representative", people, StringComparison.Ordinal);
        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<PortalAccess>().AnyAsync(a => a.IsClientAdmin), team.Tenant));
    }
}
