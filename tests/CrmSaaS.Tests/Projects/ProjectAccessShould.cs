using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Projects;

/// <summary>Who sees which project: per team role, per project membership, and per client contact.</summary>
public class ProjectAccessShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Show_team_members_only_the_projects_they_are_on()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);
        var theirs = await ProjectsApp.CreateProjectAsync(manager, client, "Theirs");
        var other = await ProjectsApp.CreateProjectAsync(manager, client, "Not theirs");
        var tom = team[TeamRole.TeamMember];
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"/projects/{theirs}/team?handler=AddMember",
            new() { ["userId"] = tom.UserId.ToString(), ["role"] = "Member" }, $"/projects/{theirs}/team")).StatusCode);
        var member = await app.SignInAsync(team, tom);

        var list = await member.GetStringAsync("/projects");
        Assert.Contains("Theirs", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Not theirs", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/projects/{theirs}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/projects/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/projects/{other}/team")).StatusCode);

        // A member works on the board but does not manage the project.
        var column = (await ProjectsApp.ColumnsAsync(app, team, theirs))[0].Id;
        await ProjectsApp.AddTaskAsync(app, team, member, theirs, column, "From Tom");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/projects/{theirs}/edit")).StatusCode);
        var foreignTask = await ProjectsApp.AddTaskAsync(app, team, manager, other, (await ProjectsApp.ColumnsAsync(app, team, other))[0].Id, "Hidden");
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/projects/{other}/tasks/{foreignTask}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/projects/{theirs}/tasks/{foreignTask}")).StatusCode);
    }

    [Fact]
    public async Task Show_sales_managers_every_project()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Everyone's");
        var sales = await app.SignInAsync(team, team[TeamRole.SalesManager]);

        Assert.Contains("Everyone&#x27;s", await sales.GetStringAsync("/projects"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await sales.GetAsync($"/projects/{project}/edit")).StatusCode);
    }

    [Fact]
    public async Task Show_a_contact_only_the_projects_they_accepted_of_their_own_client()
    {
        var (team, manager, client, contact, email) = await ProjectsApp.ClientWithContactAsync(app, "Xeno");
        var visible = await ProjectsApp.CreateProjectAsync(manager, client, "Xeno portal");
        var notInvited = await ProjectsApp.CreateProjectAsync(manager, client, "Xeno internal");
        var otherClient = await CrmApp.CreateClientAsync(manager, "Yonder", team[TeamRole.OrganizationManager].UserId);
        var foreign = await ProjectsApp.CreateProjectAsync(manager, otherClient, "Yonder secret");
        var columns = await ProjectsApp.ColumnsAsync(app, team, visible);
        var task = await ProjectsApp.AddTaskAsync(app, team, manager, visible, columns[1].Id, "Visible task");
        var foreignTask = await ProjectsApp.AddTaskAsync(app, team, manager, foreign, (await ProjectsApp.ColumnsAsync(app, team, foreign))[0].Id, "Foreign task");
        await ProjectsApp.InviteAsync(manager, visible, contact);

        var portal = await ProjectsApp.AcceptAsync(app, team, email);

        var home = await portal.GetAsync("/");
        Assert.Equal("/portal", home.Headers.Location?.OriginalString);
        var overview = await portal.GetStringAsync("/portal");
        Assert.Contains("Xeno portal", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("Yonder", overview, StringComparison.Ordinal);
        var mine = await portal.GetStringAsync("/portal/projects");
        Assert.Contains("Xeno portal", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("Xeno internal", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("Yonder", mine, StringComparison.Ordinal);
        var board = await portal.GetStringAsync($"/portal/projects/{visible}");
        Assert.Contains("Visible task", board, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=AddTask", board, StringComparison.Ordinal);
        Assert.DoesNotContain("data-move-url=\"/", board, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync($"/portal/projects/{visible}/tasks/{task}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await portal.GetAsync($"/portal/projects/{notInvited}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.GetAsync($"/portal/projects/{foreign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.GetAsync($"/portal/projects/{foreign}/tasks/{foreignTask}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.GetAsync($"/portal/projects/{visible}/tasks/{foreignTask}")).StatusCode);
        // Team pages are not for contacts: a link to their project's team page leads to its portal page,
        // any other team page to the portal's start; a project they may not see stays not found there.
        async Task<string?> Lands(string path) => (await portal.GetAsync(path)) is { StatusCode: HttpStatusCode.Redirect } r ? r.Headers.Location?.OriginalString : null;
        Assert.Equal($"/portal/projects/{visible}", await Lands($"/projects/{visible}"));
        Assert.Equal($"/portal/projects/{visible}/tasks/{task}", await Lands($"/projects/{visible}/tasks/{task}"));
        Assert.Equal($"/portal/projects/{visible}", await Lands($"/projects/{visible}/team"));
        Assert.Equal("/", await Lands("/crm/clients"));
        Assert.Equal(HttpStatusCode.NotFound, (await portal.GetAsync((await Lands($"/projects/{foreign}"))!)).StatusCode);
        // A viewer cannot move cards, not even by posting to the team's handler.
        var token = await portal.TokenAsync("/portal/projects");
        var move = await portal.PostWithTokenAsync($"/projects/{visible}?handler=Move", new() { ["taskId"] = task.ToString(), ["columnId"] = columns[4].Id.ToString() }, token);
        Assert.Equal(HttpStatusCode.Forbidden, move.StatusCode);
        Assert.Equal(columns[1].Id, (await ProjectsApp.TasksAsync(app, team, visible)).Single().ColumnId);
    }

    [Fact]
    public async Task Lose_a_contact_the_project_when_they_are_moved_to_another_client()
    {
        var (team, manager, client, contact, email) = await ProjectsApp.ClientWithContactAsync(app, "Mover");
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Mover project");
        await ProjectsApp.InviteAsync(manager, project, contact);
        var portal = await ProjectsApp.AcceptAsync(app, team, email);
        var otherClient = await CrmApp.CreateClientAsync(manager, "Elsewhere", team[TeamRole.OrganizationManager].UserId);

        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var row = await db.Set<CrmSaaS.Plugins.Crm.Domain.Contact>().SingleAsync(c => c.Id == contact);
            row.ClientId = otherClient;
            await db.SaveChangesAsync();
        }, team.Tenant);

        Assert.Equal(HttpStatusCode.NotFound, (await portal.GetAsync($"/portal/projects/{project}")).StatusCode);
    }

    [Fact]
    public async Task Show_contacts_only_comments_and_updates_visible_to_the_client()
    {
        var (team, manager, client, contact, email) = await ProjectsApp.ClientWithContactAsync(app, "Comments");
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Comments project");
        var task = await ProjectsApp.AddTaskAsync(app, team, manager, project, (await ProjectsApp.ColumnsAsync(app, team, project))[0].Id, "Discussed");
        var taskPage = $"/projects/{project}/tasks/{task}";
        await manager.PostFormAsync(taskPage + "?handler=Comment", new() { ["Comment.Text"] = "Internal: margin is thin", ["Comment.VisibleToClient"] = "false" }, taskPage);
        await manager.PostFormAsync(taskPage + "?handler=Comment", new() { ["Comment.Text"] = "Draft ready for you", ["Comment.VisibleToClient"] = "true" }, taskPage);
        await manager.PostFormAsync($"/projects/{project}?handler=Post", new() { ["Post.Text"] = "Team-only post" }, $"/projects/{project}");
        await manager.PostFormAsync($"/projects/{project}?handler=Post", new() { ["Post.Text"] = "Milestone reached", ["Post.VisibleToClient"] = "true" }, $"/projects/{project}");
        await ProjectsApp.InviteAsync(manager, project, contact);
        var portal = await ProjectsApp.AcceptAsync(app, team, email);

        var portalTask = await portal.GetStringAsync($"/portal/projects/{project}/tasks/{task}");
        var portalProject = await portal.GetStringAsync($"/portal/projects/{project}");
        var teamTask = await manager.GetStringAsync(taskPage);

        Assert.Contains("Draft ready for you", portalTask, StringComparison.Ordinal);
        Assert.DoesNotContain("margin is thin", portalTask, StringComparison.Ordinal);
        Assert.Contains("Milestone reached", portalProject, StringComparison.Ordinal);
        Assert.DoesNotContain("Team-only post", portalProject, StringComparison.Ordinal);
        Assert.DoesNotContain("margin is thin", portalProject, StringComparison.Ordinal);
        Assert.Contains("margin is thin", teamTask, StringComparison.Ordinal);
        // A viewer has no comment form and cannot post one.
        Assert.DoesNotContain("Comment.Text", portalTask, StringComparison.Ordinal);
        var refused = await portal.PostFormAsync($"/portal/projects/{project}/tasks/{task}", new() { ["Comment.Text"] = "Let me in" }, "/portal/projects");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Let_collaborators_comment_always_visible_to_the_client_and_be_assigned()
    {
        var (team, manager, client, contact, email) = await ProjectsApp.ClientWithContactAsync(app, "Collab");
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Collab project");
        var task = await ProjectsApp.AddTaskAsync(app, team, manager, project, (await ProjectsApp.ColumnsAsync(app, team, project))[0].Id, "Review copy");
        await ProjectsApp.InviteAsync(manager, project, contact, "Collaborator");
        var portal = await ProjectsApp.AcceptAsync(app, team, email);

        var path = $"/portal/projects/{project}/tasks/{task}";
        var posted = await portal.PostFormAsync(path, new() { ["Comment.Text"] = "Looks good to us" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("Looks good to us", await manager.GetStringAsync($"/projects/{project}/tasks/{task}"), StringComparison.Ordinal);

        var contactUser = await app.WithScopeAsync(async sp => await sp.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var assigned = await manager.PostFormAsync($"/projects/{project}/tasks/{task}", new() { ["Input.Title"] = "Review copy", ["Input.AssigneeIds"] = contactUser.ToString() }, $"/projects/{project}/tasks/{task}");
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        Assert.Contains("Clara Client", await portal.GetStringAsync(path), StringComparison.Ordinal);
        var comment = await app.WithScopeAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<TaskComment>().SingleAsync(c => c.TaskId == task), team.Tenant);
        Assert.True(comment.VisibleToClient);
    }

    [Fact]
    public async Task Refuse_assigning_someone_who_is_not_on_the_project()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Assign");
        var task = await ProjectsApp.AddTaskAsync(app, team, manager, project, (await ProjectsApp.ColumnsAsync(app, team, project))[0].Id, "Task");

        var response = await manager.PostFormAsync($"/projects/{project}/tasks/{task}",
            new() { ["Input.Title"] = "Task", ["Input.AssigneeIds"] = team[TeamRole.TeamMember].UserId.ToString() }, $"/projects/{project}/tasks/{task}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
        Assert.True(body.Contains("Assign only members", StringComparison.Ordinal), body);
    }
}
