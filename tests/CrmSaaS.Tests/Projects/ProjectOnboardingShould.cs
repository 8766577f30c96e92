using System.Net;
using Coravel.Events.Interfaces;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Plugins.Projects.Onboarding;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Tests.Projects;

/// <summary>Creating a client sets up its project, board, members and portal invitations in one step.</summary>
public class ProjectOnboardingShould(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed record Outcome(Guid? ClientId, List<Project> Projects, int Boards, List<(Guid? UserId, ProjectRole Role)> Members, int Invitations, bool Kickoff);

    private async Task<(TestTeam Team, HttpResponseMessage Response, Outcome Outcome, string Email)> CreateAsync(Dictionary<string, string> onboarding, string name = "Onboarded Ltd")
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var email = $"rep.{Guid.NewGuid():N}@onboarded.test";
        var form = CrmApp.ClientForm(name, team[TeamRole.SalesManager].UserId);
        form["Input.ManagerIds"] = team[TeamRole.SalesRepresentative].UserId.ToString();
        form["Representative.FirstName"] = "Rhea";
        form["Representative.LastName"] = "Representative";
        form["Representative.Email"] = email;
        foreach (var (key, value) in onboarding)
        {
            form[$"Onboarding[{key}]"] = value;
        }

        var response = await manager.PostFormAsync("/crm/clients/new", form);
        return (team, response, await OutcomeAsync(team), email);
    }

    private Task<Outcome> OutcomeAsync(TestTeam team) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var client = await db.Set<Client>().Select(c => (Guid?)c.Id).SingleOrDefaultAsync();
        var projects = await db.Set<Project>().ToListAsync();
        var members = await db.Set<ProjectMember>().Where(m => m.ContactId == null).Select(m => new { m.UserId, m.Role }).ToListAsync();
        return new Outcome(client, projects, await db.Set<Board>().CountAsync(), members.Select(m => (m.UserId, m.Role)).ToList(),
            await db.Set<ProjectMember>().CountAsync(m => m.ContactId != null), await db.Set<Activity>().AnyAsync(a => a.Subject == "Kick-off with the new client"));
    }, team.Tenant);

    [Fact]
    public async Task Create_the_project_board_members_and_invitations()
    {
        var (team, response, outcome, email) = await CreateAsync(new()
        {
            [ProjectOnboarding.CreateProject] = "true",
            [ProjectOnboarding.InviteRepresentatives] = "true",
            ["Crm.KickoffFollowUp"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var project = Assert.Single(outcome.Projects);
        Assert.Equal("Onboarded Ltd", project.Name);
        Assert.Equal(outcome.ClientId, project.ClientId);
        Assert.Equal(1, outcome.Boards);
        Assert.Contains((team[TeamRole.OrganizationManager].UserId, ProjectRole.ProjectManager), outcome.Members.Select(m => (m.UserId!.Value, m.Role)));
        Assert.Contains((team[TeamRole.SalesManager].UserId, ProjectRole.Member), outcome.Members.Select(m => (m.UserId!.Value, m.Role)));
        Assert.Contains((team[TeamRole.SalesRepresentative].UserId, ProjectRole.Member), outcome.Members.Select(m => (m.UserId!.Value, m.Role)));
        Assert.Equal(1, outcome.Invitations);
        Assert.Single(await app.OutboxAsync(email), m => m.TextBody.Contains("/portal/invitations/accept", StringComparison.Ordinal));
        Assert.True(outcome.Kickoff, "the CRM's own onboarding listener still runs beside the Projects one");
    }

    [Fact]
    public async Task Invite_the_representatives_in_the_roles_chosen()
    {
        var (team, response, outcome, _) = await CreateAsync(new()
        {
            [ProjectOnboarding.CreateProject] = "true",
            [ProjectOnboarding.InviteRepresentatives] = "true",
            [ProjectOnboarding.RepresentativeRole] = "Collaborator",
            [CrmSaaS.Plugins.Billing.Domain.BillingOnboarding.RepresentativesBill] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, outcome.Invitations);
        var (role, billing) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var invited = await db.Set<ProjectMember>().SingleAsync(m => m.ContactId != null);
            return (invited.Role, await db.Set<CrmSaaS.Plugins.Billing.Domain.ClientBillingContact>().CountAsync(b => b.ContactId == invited.ContactId && b.ClientId == outcome.ClientId));
        }, team.Tenant);
        Assert.Equal((ProjectRole.Collaborator, 1), (role, billing));

        var (_, refused, nothing, _) = await CreateAsync(new()
        {
            [ProjectOnboarding.CreateProject] = "true",
            [ProjectOnboarding.InviteRepresentatives] = "true",
            [ProjectOnboarding.RepresentativeRole] = "ProjectManager",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Null(nothing.ClientId);
    }

    [Fact]
    public async Task Do_nothing_for_projects_when_the_option_is_off()
    {
        var (_, response, outcome, email) = await CreateAsync(new() { [ProjectOnboarding.InviteRepresentatives] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(outcome.ClientId);
        Assert.Empty(outcome.Projects);
        Assert.Equal(0, outcome.Boards);
        Assert.Empty(await app.OutboxAsync(email));
    }

    [Fact]
    public async Task Create_the_named_project_without_invitations_when_only_that_is_chosen()
    {
        var (_, _, outcome, email) = await CreateAsync(new() { [ProjectOnboarding.CreateProject] = "true", [ProjectOnboarding.ProjectName] = "Website 2027" });

        Assert.Equal("Website 2027", Assert.Single(outcome.Projects).Name);
        Assert.Equal(0, outcome.Invitations);
        Assert.Empty(await app.OutboxAsync(email));
    }

    [Fact]
    public async Task Save_nothing_and_name_the_step_when_a_step_fails()
    {
        var (_, response, outcome, email) = await CreateAsync(new()
        {
            [ProjectOnboarding.CreateProject] = "true",
            [ProjectOnboarding.ProjectName] = new string('x', ProjectLimits.Name + 1),
            [ProjectOnboarding.InviteRepresentatives] = "true",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("The client was not created", body, StringComparison.Ordinal);
        Assert.Contains("Project:", body, StringComparison.Ordinal);
        Assert.Null(outcome.ClientId);
        Assert.Empty(outcome.Projects);
        Assert.Equal(0, outcome.Boards);
        Assert.Empty(await app.OutboxAsync(email));
    }

    [Fact]
    public async Task Add_nothing_twice_when_run_again()
    {
        var onboarding = new Dictionary<string, string> { [ProjectOnboarding.CreateProject] = "true", [ProjectOnboarding.InviteRepresentatives] = "true" };
        var (team, _, first, email) = await CreateAsync(onboarding);

        await app.WithScopeAsync(async sp =>
            await sp.GetRequiredService<IDispatcher>().Broadcast(new ClientCreated(team.Tenant.Id, first.ClientId!.Value, team[TeamRole.OrganizationManager].UserId,
                onboarding.ToDictionary(o => o.Key, o => o.Value))), team.Tenant);
        var second = await OutcomeAsync(team);

        Assert.Single(second.Projects);
        Assert.Equal(1, second.Boards);
        Assert.Equal(first.Members.Count, second.Members.Count);
        Assert.Equal(1, second.Invitations);
        Assert.Single(await app.OutboxAsync(email));
    }

    [Fact]
    public async Task Preselect_the_options_from_team_settings()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        Assert.Contains("id=\"onboarding-project\" name=\"Onboarding[Projects.CreateProject]\" value=\"true\" checked=\"checked\"", await manager.GetStringAsync("/crm/clients/new"), StringComparison.Ordinal);

        await manager.PostFormAsync("/projects/settings", new() { ["Input.BoardColumns"] = "To do\nDone", ["Input.OnboardingInviteRepresentatives"] = "true" });

        var form = await manager.GetStringAsync("/crm/clients/new");
        Assert.DoesNotContain("name=\"Onboarding[Projects.CreateProject]\" value=\"true\" checked", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Onboarding[Projects.InviteRepresentatives]\" value=\"true\" checked", form, StringComparison.Ordinal);
    }
}
