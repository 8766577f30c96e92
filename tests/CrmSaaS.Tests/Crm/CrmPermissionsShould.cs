using System.Net;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Contacts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Tests.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Crm;

/// <summary>
/// What each role may do with clients and contacts. "Own" records are those the member owns,
/// manages or is assigned to; "other" records belong to the Sales Manager.
/// </summary>
public class CrmPermissionsShould(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed record World(TestTeam Team, Guid OwnClient, Guid OtherClient, Guid OwnContact, Guid OtherContact, Guid AssignedContact);

    private async Task<(World World, Browser Browser)> ArrangeAsync(TeamRole actor)
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var me = team[actor].UserId;
        var sam = team[TeamRole.SalesManager].UserId;
        var own = await CrmApp.CreateClientAsync(manager, "Own Client", me);
        var other = await CrmApp.CreateClientAsync(manager, "Other Client", sam);
        var ownContact = await CrmApp.CreateContactAsync(manager, "Otto", "Own", me);
        var otherContact = await CrmApp.CreateContactAsync(manager, "Olga", "Other", sam);
        var assignedForm = CrmApp.ContactForm("Anton", "Assigned", sam);
        assignedForm["Input.AssigneeIds"] = me.ToString();
        var assigned = CrmApp.IdIn(await manager.PostFormAsync("/crm/contacts/new", assignedForm));
        return (new World(team, own, other, ownContact, otherContact, assigned), await app.SignInAsync(team, team[actor]));
    }

    private static async Task<HttpStatusCode> ActAsync(string action, World w, Browser browser, TestTeam team, Guid me)
    {
        HttpResponseMessage response = action switch
        {
            "read contacts" => await browser.GetAsync("/crm/contacts"),
            "read other client" => await browser.GetAsync($"/crm/clients/{w.OtherClient}"),
            "create client" => await browser.PostFormAsync("/crm/clients/new", CrmApp.ClientForm("New Co", me), tokenFrom: "/"),
            "edit own client" => await browser.PostFormAsync($"/crm/clients/{w.OwnClient}/edit", CrmApp.ClientForm("Own Client 2", me), tokenFrom: "/"),
            "edit other client" => await browser.PostFormAsync($"/crm/clients/{w.OtherClient}/edit", CrmApp.ClientForm("Other Client 2", team[TeamRole.SalesManager].UserId), tokenFrom: "/"),
            "delete other client" => await browser.PostFormAsync($"/crm/clients/{w.OtherClient}?handler=Delete", [], tokenFrom: "/"),
            "create contact" => await browser.PostFormAsync("/crm/contacts/new", CrmApp.ContactForm("Nina", "New", me), tokenFrom: "/"),
            "edit own contact" => await browser.PostFormAsync($"/crm/contacts/{w.OwnContact}/edit", CrmApp.ContactForm("Otto", "Own2", me), tokenFrom: "/"),
            "edit assigned contact" => await browser.PostFormAsync($"/crm/contacts/{w.AssignedContact}/edit", ContactWithAssignee(team, me), tokenFrom: "/"),
            "edit other contact" => await browser.PostFormAsync($"/crm/contacts/{w.OtherContact}/edit", CrmApp.ContactForm("Olga", "Other2", team[TeamRole.SalesManager].UserId), tokenFrom: "/"),
            "delete other contact" => await browser.PostFormAsync($"/crm/contacts/{w.OtherContact}?handler=Delete", [], tokenFrom: "/"),
            "reassign owner" => await browser.PostFormAsync($"/crm/contacts/{w.OtherContact}?handler=Reassign", new() { ["ownerId"] = me.ToString() }, tokenFrom: "/"),
            "log activity" => await browser.PostFormAsync($"/crm/contacts/{w.OtherContact}?handler=Log", new() { ["Activity.Type"] = "Call", ["Activity.Subject"] = "Hello" }, tokenFrom: "/"),
            "import" => await browser.GetAsync("/crm/import"),
            "export" => await browser.GetAsync("/crm/export/contacts"),
            "analytics" => await browser.GetAsync("/crm/analytics"),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        return response.StatusCode;
    }

    private static Dictionary<string, string> ContactWithAssignee(TestTeam team, Guid me)
    {
        var form = CrmApp.ContactForm("Anton", "Assigned2", team[TeamRole.SalesManager].UserId);
        form["Input.AssigneeIds"] = me.ToString();
        return form;
    }

    [Theory]
    [InlineData(TeamRole.OrganizationManager, "read contacts", true)]
    [InlineData(TeamRole.OrganizationManager, "edit other client", true)]
    [InlineData(TeamRole.OrganizationManager, "delete other contact", true)]
    [InlineData(TeamRole.OrganizationManager, "reassign owner", true)]
    [InlineData(TeamRole.OrganizationManager, "analytics", true)]
    [InlineData(TeamRole.SalesManager, "create client", true)]
    [InlineData(TeamRole.SalesManager, "edit other contact", true)]
    [InlineData(TeamRole.SalesManager, "reassign owner", true)]
    [InlineData(TeamRole.SalesManager, "export", true)]
    [InlineData(TeamRole.SalesManager, "analytics", true)]
    [InlineData(TeamRole.SalesRepresentative, "read contacts", true)]
    [InlineData(TeamRole.SalesRepresentative, "read other client", true)]
    [InlineData(TeamRole.SalesRepresentative, "create client", true)]
    [InlineData(TeamRole.SalesRepresentative, "edit own client", true)]
    [InlineData(TeamRole.SalesRepresentative, "edit other client", false)]
    [InlineData(TeamRole.SalesRepresentative, "delete other client", false)]
    [InlineData(TeamRole.SalesRepresentative, "create contact", true)]
    [InlineData(TeamRole.SalesRepresentative, "edit own contact", true)]
    [InlineData(TeamRole.SalesRepresentative, "edit assigned contact", true)]
    [InlineData(TeamRole.SalesRepresentative, "edit other contact", false)]
    [InlineData(TeamRole.SalesRepresentative, "delete other contact", false)]
    [InlineData(TeamRole.SalesRepresentative, "reassign owner", false)]
    [InlineData(TeamRole.SalesRepresentative, "log activity", true)]
    [InlineData(TeamRole.SalesRepresentative, "import", true)]
    [InlineData(TeamRole.SalesRepresentative, "export", false)]
    [InlineData(TeamRole.SalesRepresentative, "analytics", false)]
    [InlineData(TeamRole.TeamMember, "read contacts", true)]
    [InlineData(TeamRole.TeamMember, "read other client", true)]
    [InlineData(TeamRole.TeamMember, "create client", false)]
    [InlineData(TeamRole.TeamMember, "create contact", false)]
    [InlineData(TeamRole.TeamMember, "edit own contact", false)]
    [InlineData(TeamRole.TeamMember, "log activity", false)]
    [InlineData(TeamRole.TeamMember, "import", false)]
    [InlineData(TeamRole.TeamMember, "export", false)]
    public async Task AllowEachRoleExactlyItsActions(TeamRole role, string action, bool allowed)
    {
        var (world, browser) = await ArrangeAsync(role);

        var status = await ActAsync(action, world, browser, world.Team, world.Team[role].UserId);

        if (allowed)
        {
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{role} {action}: {(int)status}");
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, status);
        }
    }

    [Fact]
    public async Task RefuseARepresentativeEditingSomeoneElsesContactInTheHandler()
    {
        var (world, _) = await ArrangeAsync(TeamRole.SalesRepresentative);
        var rita = world.Team[TeamRole.SalesRepresentative];

        var error = await Record.ExceptionAsync(() => app.WithScopeAsync(async sp =>
        {
            sp.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { User = TestPrincipals.Member(rita.UserId, TeamRole.SalesRepresentative, world.Team.Tenant.Id) };
            var input = new ContactInput { FirstName = "Olga", LastName = "Hijacked", OwnerId = world.Team[TeamRole.SalesManager].UserId };
            await sp.GetRequiredService<IMediator>().Send(new EditModel.Command(world.OtherContact, input));
        }, world.Team.Tenant));

        Assert.IsType<ForbiddenException>(error);
    }

    [Fact]
    public async Task KeepARepresentativeFromGivingRecordsAway()
    {
        var (world, rita) = await ArrangeAsync(TeamRole.SalesRepresentative);

        var response = await rita.PostFormAsync("/crm/contacts/new", CrmApp.ContactForm("Gina", "Given", world.Team[TeamRole.SalesManager].UserId));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("may give records to other members", await response.Content.ReadAsStringAsync());
    }
}
