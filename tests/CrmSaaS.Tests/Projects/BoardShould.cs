using System.Net;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;

namespace CrmSaaS.Tests.Projects;

public class BoardShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Be_created_with_every_project_from_the_default_template()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Relaunch");

        var columns = await ProjectsApp.ColumnsAsync(app, team, project);
        Assert.Equal(["Backlog", "To do", "In progress", "Review", "Done"], columns.Select(c => c.Name));
        Assert.Equal([false, false, false, false, true], columns.Select(c => c.IsDone));
        var page = await manager.GetStringAsync($"/projects/{project}");
        Assert.Contains("In progress", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_the_template_edited_in_team_settings()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);
        var saved = await manager.PostFormAsync("/projects/settings", new() { ["Input.BoardColumns"] = "Ideas\nDoing\nShipped", ["Input.OnboardingCreateProject"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Campaign");

        Assert.Equal(["Ideas", "Doing", "Shipped"], (await ProjectsApp.ColumnsAsync(app, team, project)).Select(c => c.Name));
    }

    [Theory]
    [InlineData("Only one", "between 2 and")]
    [InlineData("Same\nsame", "listed twice")]
    public async Task Refuse_a_bad_template_beside_the_field(string columns, string message)
    {
        var (_, manager, _, _, _) = await ProjectsApp.ClientWithContactAsync(app);

        var response = await manager.PostFormAsync("/projects/settings", new() { ["Input.BoardColumns"] = columns });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persist_moves_within_and_between_columns()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Moves");
        var columns = await ProjectsApp.ColumnsAsync(app, team, project);
        var (todo, doing, done) = (columns[1].Id, columns[2].Id, columns[4].Id);
        var a = await ProjectsApp.AddTaskAsync(app, team, manager, project, todo, "A");
        var b = await ProjectsApp.AddTaskAsync(app, team, manager, project, todo, "B");
        var c = await ProjectsApp.AddTaskAsync(app, team, manager, project, todo, "C");

        // Drag C to the top of "To do" (htmx request: the board comes back re-rendered).
        var token = await manager.TokenAsync($"/projects/{project}");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/projects/{project}?handler=Move")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["taskId"] = c.ToString(), ["columnId"] = todo.ToString(), ["afterTaskId"] = "", ["index"] = "0" }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        var moved = await manager.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Contains("id=\"board\"", await moved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["C", "A", "B"], (await ProjectsApp.BoardAsync(app, team, project))[todo]);

        // A to "In progress", then to "Done" after nothing, with the form a browser without JavaScript posts.
        await manager.PostWithTokenAsync($"/projects/{project}?handler=Move", new() { ["taskId"] = a.ToString(), ["columnId"] = doing.ToString(), ["afterTaskId"] = "", ["index"] = "0" }, token);
        var noJs = await manager.PostFormAsync($"/projects/{project}/tasks/{b}?handler=Move", new() { ["columnId"] = done.ToString(), ["position"] = "1" }, $"/projects/{project}/tasks/{b}");
        Assert.Equal(HttpStatusCode.Redirect, noJs.StatusCode);

        var board = await ProjectsApp.BoardAsync(app, team, project);
        Assert.Equal(["C"], board[todo]);
        Assert.Equal(["A"], board[doing]);
        Assert.Equal(["B"], board[done]);
        var tasks = await ProjectsApp.TasksAsync(app, team, project);
        Assert.NotNull(tasks.Single(t => t.Title == "B").CompletedAt);
        Assert.Null(tasks.Single(t => t.Title == "A").CompletedAt);
        Assert.All(tasks.GroupBy(t => t.ColumnId), g => Assert.Equal(Enumerable.Range(0, g.Count()), g.Select(t => t.Position).Order()));
    }

    [Fact]
    public async Task Keep_every_move_and_a_clean_order_when_members_move_cards_at_once()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);
        var other = await app.SignInAsync(team, team[TeamRole.SalesManager]);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Race");
        var columns = await ProjectsApp.ColumnsAsync(app, team, project);
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await ProjectsApp.AddTaskAsync(app, team, manager, project, columns[0].Id, $"T{i:00}"));
        }

        var tokenA = await manager.TokenAsync($"/projects/{project}");
        var tokenB = await other.TokenAsync($"/projects/{project}");
        // Two members each move six different cards into "Review", all at the same time.
        var moves = ids.Select((id, i) => (i % 2 == 0 ? manager : other, i % 2 == 0 ? tokenA : tokenB, id)).Select(m =>
            m.Item1.PostWithTokenAsync($"/projects/{project}?handler=Move", new() { ["taskId"] = m.id.ToString(), ["columnId"] = columns[3].Id.ToString(), ["afterTaskId"] = "", ["index"] = "0" }, m.Item2));
        var responses = await Task.WhenAll(moves);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var tasks = await ProjectsApp.TasksAsync(app, team, project);
        Assert.All(tasks, t => Assert.Equal(columns[3].Id, t.ColumnId));
        Assert.Equal(Enumerable.Range(0, 12), tasks.Select(t => t.Position).Order());
    }

    [Fact]
    public async Task Refuse_a_column_of_another_board()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);
        var first = await ProjectsApp.CreateProjectAsync(manager, client, "First");
        var second = await ProjectsApp.CreateProjectAsync(manager, client, "Second");
        var task = await ProjectsApp.AddTaskAsync(app, team, manager, first, (await ProjectsApp.ColumnsAsync(app, team, first))[0].Id, "Mine");
        var foreignColumn = (await ProjectsApp.ColumnsAsync(app, team, second))[1].Id;

        var response = await manager.PostFormAsync($"/projects/{first}?handler=Move", new() { ["taskId"] = task.ToString(), ["columnId"] = foreignColumn.ToString() }, $"/projects/{first}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Single(await ProjectsApp.TasksAsync(app, team, first), t => t.Id == task && t.Position == 0);
    }

    [Fact]
    public async Task Record_task_updates_in_the_feed()
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Feed");
        var columns = await ProjectsApp.ColumnsAsync(app, team, project);
        var task = await ProjectsApp.AddTaskAsync(app, team, manager, project, columns[0].Id, "Write the brief");
        await manager.PostFormAsync($"/projects/{project}?handler=Move", new() { ["taskId"] = task.ToString(), ["columnId"] = columns[4].Id.ToString() }, $"/projects/{project}");

        var page = await manager.GetStringAsync($"/projects/{project}");

        Assert.Contains("Task created", page, StringComparison.Ordinal);
        Assert.Contains("Task done", page, StringComparison.Ordinal);
        Assert.Contains("Write the brief", page, StringComparison.Ordinal);
    }
}
