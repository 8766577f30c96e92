using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Hosting;

/// <summary>The values an attacker and a clumsy user sent that became defaults, each refused with a message now.</summary>
public class InputHardeningShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("God")]
    [InlineData("99")]
    [InlineData("-1")]
    [InlineData("OrganizationManager,SalesManager")]
    [InlineData("")]
    public async Task RefuseARoleThatDoesNotExistAndKeepTheMembersRole(string role)
    {
        var team = await app.CreateTeamAsync("r" + Guid.NewGuid().ToString("N")[..8], ("Olga", TeamRole.OrganizationManager), ("Tim", TeamRole.TeamMember));
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);

        var response = await manager.PostFormAsync("/team/members?handler=Role",
            new() { ["membershipId"] = team[TeamRole.TeamMember].MembershipId.ToString(), ["role"] = role }, tokenFrom: "/team/members");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("data-unshown-errors", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Memberships.IgnoreQueryFilters()
            .SingleAsync(m => m.Id == team[TeamRole.TeamMember].MembershipId));
        Assert.Equal(TeamRole.TeamMember, stored.Role);
    }

    [Fact]
    public async Task ReadNumbersInTheUsersCulture()
    {
        var (team, manager, client, _, _) = await Projects.ProjectsApp.ClientWithContactAsync(app);
        var project = await Projects.ProjectsApp.CreateProjectAsync(manager, client, "Budgeted");
        var form = new Dictionary<string, string>
        {
            ["Input.ClientId"] = client.ToString(), ["Input.Name"] = "Budgeted", ["Input.Status"] = "Active", ["Input.Billable"] = "true",
        };

        // English: "1,5" is not a number (1,500 would be); nothing is stored.
        var english = await manager.PostFormAsync($"/projects/{project}/edit", new(form) { ["Input.BudgetHours"] = "1,5" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, english.StatusCode);
        Assert.Contains("The value &#x27;1,5&#x27; is not valid", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await ProjectAsync(team, project)).BudgetHours);

        var grouped = await manager.PostFormAsync($"/projects/{project}/edit", new(form) { ["Input.BudgetHours"] = "1,500.5" });
        Assert.True(grouped.StatusCode == HttpStatusCode.Redirect, await grouped.Content.ReadAsStringAsync());
        Assert.Equal(1500.5m, (await ProjectAsync(team, project)).BudgetHours);

        // German: "1,5" is one and a half; "1.5" is refused, not read as 15.
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/language", new() { ["culture"] = "de", ["returnUrl"] = "/" }, tokenFrom: "/")).StatusCode);
        var german = await manager.PostFormAsync($"/projects/{project}/edit", new(form) { ["Input.BudgetHours"] = "1,5" });
        Assert.True(german.StatusCode == HttpStatusCode.Redirect, await german.Content.ReadAsStringAsync());
        Assert.Equal(1.5m, (await ProjectAsync(team, project)).BudgetHours);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await manager.PostFormAsync($"/projects/{project}/edit", new(form) { ["Input.BudgetHours"] = "1.5" })).StatusCode);
        Assert.Equal(1.5m, (await ProjectAsync(team, project)).BudgetHours);

        // The field shows the stored value as the user writes it.
        Assert.Contains("value=\"1,5\"", await manager.GetStringAsync($"/projects/{project}/edit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerACheckboxThatIsNeitherOnNorOffWithAMessage()
    {
        var team = await app.CreateTeamAsync("c" + Guid.NewGuid().ToString("N")[..8], ("Olga", TeamRole.OrganizationManager));
        var browser = app.Browser(team.Host);

        var response = await browser.PostFormAsync("/account/signin", new()
        {
            ["Input.Email"] = team[TeamRole.OrganizationManager].Email, ["Input.Password"] = AppFactory.Password, ["Input.RememberMe"] = "maybe",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("The value &#x27;maybe&#x27; is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("garbage")]
    public async Task ShowTimePagesForAWeekOutOfRange(string week)
    {
        var team = await app.CreateTeamAsync("w" + Guid.NewGuid().ToString("N")[..8], ("Olga", TeamRole.OrganizationManager));
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        foreach (var page in new[] { "/time", "/time/timesheet", "/time/summaries" })
        {
            var response = await manager.GetAsync($"{page}?week={week}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}?week={week} answered {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("0001-01-01", "1:00", "Enter a date between 1900 and 2200.")]
    public async Task RefuseATimeEntryOnADayOutOfRange(string date, string duration, string message)
    {
        var (team, manager, client, _, _) = await Projects.ProjectsApp.ClientWithContactAsync(app);
        var project = await Projects.ProjectsApp.CreateProjectAsync(manager, client, "Tracked");
        var response = await manager.PostFormAsync("/time", new() { ["Input.ProjectId"] = project.ToString(), ["Input.Date"] = date, ["Input.Duration"] = duration });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Plugins.Time.Domain.TimeEntry>().CountAsync(), team.Tenant));
    }

    [Fact]
    public async Task RefuseAnEntryThatEndsWhenItStarts()
    {
        var (team, manager, client, _, _) = await Projects.ProjectsApp.ClientWithContactAsync(app);
        var project = await Projects.ProjectsApp.CreateProjectAsync(manager, client, "Tracked");
        var response = await manager.PostFormAsync("/time", new()
        {
            ["Input.ProjectId"] = project.ToString(), ["Input.Date"] = "2026-11-02", ["Input.From"] = "09:00", ["Input.To"] = "09:00",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("The end must be after the start.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Plugins.Time.Domain.TimeEntry>().CountAsync(), team.Tenant));
    }

    [Theory]
    [InlineData("Evil\r\nCorp", "Use a single line here.")]
    [InlineData("Invoice\u202Efdp.exe", "Remove the invisible control characters from this text.")]
    [InlineData("Bell\u0007", "Remove the invisible control characters from this text.")]
    public async Task RefuseLineBreaksAndDirectionOverridesInNames(string name, string message)
    {
        var team = await Crm.CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var response = await manager.PostFormAsync("/crm/clients/new", Crm.CrmApp.ClientForm(name, team[TeamRole.OrganizationManager].UserId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Notes keep their line breaks.
        var notes = new Dictionary<string, string>(Crm.CrmApp.ClientForm("Fine Corp", team[TeamRole.OrganizationManager].UserId)) { ["Input.Notes"] = "Line one\r\nLine two" };
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/crm/clients/new", notes)).StatusCode);
    }

    [Fact]
    public async Task ShowWhyAnUnknownTimeZoneIsRefused()
    {
        var team = await app.CreateTeamAsync("z" + Guid.NewGuid().ToString("N")[..8], ("Olga", TeamRole.OrganizationManager));
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var response = await manager.PostFormAsync("/account/profile", new() { ["Input.DisplayName"] = "Olga", ["Input.TimeZone"] = "Mars/Phobos" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("field-validation-error|data-unshown-errors", html);
    }

    private Task<Project> ProjectAsync(TestTeam team, Guid id) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Project>().SingleAsync(p => p.Id == id), team.Tenant);
}
