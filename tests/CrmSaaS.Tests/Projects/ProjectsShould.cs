using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Projects;

public class ProjectsShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Give_each_project_a_code_unique_in_the_team()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app, "Müller & Söhne");
        var first = await ProjectsApp.CreateProjectAsync(manager, client, "Müller & Söhne");
        var second = await ProjectsApp.CreateProjectAsync(manager, client, "Müller & Söhne");

        var codes = await app.WithScopeAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<Project>().OrderBy(p => p.CreatedAt).ThenBy(p => p.Code).Select(p => p.Code).ToListAsync(), team.Tenant);
        Assert.Equal(["MULLER-SOH", "MULLER-SOH-2"], codes.Order());

        var taken = await manager.PostFormAsync("/projects/new", new() { ["Input.ClientId"] = client.ToString(), ["Input.Name"] = "Third", ["Input.Code"] = "muller-soh" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);
        Assert.Contains("Another project already uses this code.", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Explain_bad_input_beside_the_field()
    {
        var (_, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);

        var response = await manager.PostFormAsync("/projects/new", new()
        {
            ["Input.ClientId"] = client.ToString(), ["Input.Name"] = "", ["Input.BudgetHours"] = "-3",
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Enter the project&#x27;s name.", body, StringComparison.Ordinal);
        Assert.Contains("Enter a number of hours between 0 and 1000000.", body, StringComparison.Ordinal);

        var dates = await manager.PostFormAsync("/projects/new", new()
        {
            ["Input.ClientId"] = client.ToString(), ["Input.Name"] = "Backwards", ["Input.StartDate"] = "2026-12-10", ["Input.DueDate"] = "2026-12-01",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, dates.StatusCode);
        Assert.Contains("The due date cannot be before the start date.", await dates.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noClient = await manager.PostFormAsync("/projects/new", new() { ["Input.ClientId"] = Guid.NewGuid().ToString(), ["Input.Name"] = "Orphan" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noClient.StatusCode);
        Assert.Contains("Choose the client the project is for.", await noClient.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_projects_with_search_filters_sorting_and_paging()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);
        var other = await CrmApp.CreateClientAsync(manager, "Zeta Corp", team[TeamRole.OrganizationManager].UserId);
        for (var i = 1; i <= 27; i++)
        {
            await ProjectsApp.CreateProjectAsync(manager, i % 2 == 0 ? client : other, $"Project {i:00}");
        }

        static string List(string page) => page[page.IndexOf("id=\"projects\"", StringComparison.Ordinal)..];
        var firstPage = List(await manager.GetStringAsync("/projects"));
        Assert.Contains("Project 01", firstPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Project 27", firstPage, StringComparison.Ordinal);
        Assert.Contains("27 in total", firstPage, StringComparison.Ordinal);
        Assert.Contains("Project 27", List(await manager.GetStringAsync("/projects?PageNumber=2")), StringComparison.Ordinal);
        var desc = List(await manager.GetStringAsync("/projects?Sort=name&Desc=true"));
        Assert.True(desc.IndexOf("Project 27", StringComparison.Ordinal) < desc.IndexOf("Project 26", StringComparison.Ordinal));
        var search = await manager.GetStringAsync("/projects?Search=project%2007");
        Assert.Contains("1 in total", search, StringComparison.Ordinal);
        var byClient = await manager.GetStringAsync($"/projects?Client={other}");
        Assert.Contains("14 in total", byClient, StringComparison.Ordinal);
        var member = await manager.GetStringAsync($"/projects?Member={team[TeamRole.TeamMember].UserId}");
        Assert.Contains("No projects match.", member, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tell_the_client_about_a_status_change_and_hide_archived_projects()
    {
        var (team, manager, client, contact, email) = await ProjectsApp.ClientWithContactAsync(app);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Status");
        await ProjectsApp.InviteAsync(manager, project, contact);
        var portal = await ProjectsApp.AcceptAsync(app, team, email);

        var saved = await manager.PostFormAsync($"/projects/{project}/edit", new()
        {
            ["Input.ClientId"] = client.ToString(), ["Input.Name"] = "Status", ["Input.Code"] = "STATUS", ["Input.Status"] = "OnHold", ["Input.Billable"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var portalPage = await portal.GetStringAsync($"/portal/projects/{project}");
        Assert.Contains("Status changed", portalPage, StringComparison.Ordinal);
        Assert.Contains("On hold", portalPage, StringComparison.Ordinal);

        await manager.PostFormAsync($"/projects/{project}/edit", new() { ["Input.ClientId"] = client.ToString(), ["Input.Name"] = "Status", ["Input.Code"] = "STATUS", ["Input.Status"] = "Archived" });
        Assert.Contains("No projects match.", await manager.GetStringAsync("/projects"), StringComparison.Ordinal);
        Assert.Contains("Status", await manager.GetStringAsync("/projects?Status=Archived"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keep_a_client_with_projects_from_being_deleted()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app, "Keeper");
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Kept");

        var refused = await manager.PostFormAsync($"/crm/clients/{client}?handler=Delete", new(), $"/crm/clients/{client}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Keeper cannot be deleted while it has 1 project.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var deleted = await manager.PostFormAsync($"/projects/{project}/edit?handler=Delete", new(), $"/projects/{project}/edit");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"/crm/clients/{client}?handler=Delete", new(), $"/crm/clients/{client}")).StatusCode);
        Assert.False(await app.WithScopeAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<Client>().AnyAsync(c => c.Id == client), team.Tenant));
    }

    [Fact]
    public async Task Show_a_clients_projects_on_its_page_and_a_contacts_projects_on_theirs()
    {
        var (team, manager, client, contact, email) = await ProjectsApp.ClientWithContactAsync(app, "Sections");
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Section project");
        var columns = await ProjectsApp.ColumnsAsync(app, team, project);
        var task = await ProjectsApp.AddTaskAsync(app, team, manager, project, columns[0].Id, "Overdue task");
        await manager.PostFormAsync($"/projects/{project}/tasks/{task}", new() { ["Input.Title"] = "Overdue task", ["Input.DueDate"] = "2026-10-01" }, $"/projects/{project}/tasks/{task}");
        await ProjectsApp.InviteAsync(manager, project, contact, "Collaborator");
        var portal = await ProjectsApp.AcceptAsync(app, team, email);
        await portal.PostFormAsync($"/portal/projects/{project}/tasks/{task}", new() { ["Comment.Text"] = "We will send the texts" });

        var clientPage = await manager.GetStringAsync($"/crm/clients/{client}");
        Assert.Contains("Section project", clientPage, StringComparison.Ordinal);
        Assert.Contains("1 overdue", clientPage, StringComparison.Ordinal);
        Assert.Contains("Backlog: 1", clientPage, StringComparison.Ordinal);
        var contactPage = await manager.GetStringAsync($"/crm/contacts/{contact}");
        Assert.Contains("Section project", contactPage, StringComparison.Ordinal);
        Assert.Contains("We will send the texts", contactPage, StringComparison.Ordinal);
        var analytics = await manager.GetStringAsync("/projects/analytics");
        Assert.Contains("Section project", analytics, StringComparison.Ordinal);
    }
}
