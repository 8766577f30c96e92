using System.Net;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Time;

public class TimePagesShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Start_and_stop_the_top_bar_timer_and_list_the_entry()
    {
        var world = await TimeWorld.CreateAsync(app);
        var browser = await app.SignInAsync(world.Team, world.Manager);
        var token = await browser.TokenAsync("/time");

        var start = new HttpRequestMessage(HttpMethod.Post, "/time/timer?handler=Start")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["projectId"] = world.Project.ToString(), ["description"] = "Writing the offer", ["returnUrl"] = "/" }),
        };
        start.Headers.Add("HX-Request", "true");
        start.Headers.Add("RequestVerificationToken", token);
        var started = await browser.Client.SendAsync(start);
        var bar = await started.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Contains("id=\"timer-bar\"", bar, StringComparison.Ordinal);
        Assert.Contains("handler=Stop", bar, StringComparison.Ordinal);
        Assert.Contains("handler=Stop", await browser.GetStringAsync("/crm/clients"), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(42));
        var stopped = await browser.PostWithTokenAsync("/time/timer?handler=Stop", new() { ["returnUrl"] = "/crm/clients" }, token);
        Assert.Equal("/crm/clients", stopped.Headers.Location?.OriginalString);

        var page = await browser.GetStringAsync("/time");
        Assert.Contains("Writing the offer", page, StringComparison.Ordinal);
        Assert.Contains("0:42", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_the_timers_start_form_only_when_asked()
    {
        var world = await TimeWorld.CreateAsync(app);
        var browser = await app.SignInAsync(world.Team, world.Manager);

        // Every page carries the closed bar: a button, no picker (its choices are not read there).
        var page = await browser.GetStringAsync("/crm/clients");
        Assert.Contains("Start timer", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"timer-project\"", page, StringComparison.Ordinal);

        // htmx opens it in place, with the member's projects, focused; and closes it again.
        var open = new HttpRequestMessage(HttpMethod.Get, "/time/timer?handler=Bar");
        open.Headers.Add("HX-Request", "true");
        var opened = await (await browser.Client.SendAsync(open)).Content.ReadAsStringAsync();
        Assert.Contains("id=\"timer-project\"", opened, StringComparison.Ordinal);
        Assert.Contains($"value=\"{world.Project}\"", opened, StringComparison.Ordinal);
        Assert.Contains("autofocus", opened, StringComparison.Ordinal);
        var close = new HttpRequestMessage(HttpMethod.Get, "/time/timer?handler=Bar&open=false");
        close.Headers.Add("HX-Request", "true");
        var closed = await (await browser.Client.SendAsync(close)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("id=\"timer-project\"", closed, StringComparison.Ordinal);
        Assert.Contains("Start timer", closed, StringComparison.Ordinal);

        // Without JavaScript the button is a link to the timer's page, where the form is open.
        var plain = await browser.Client.GetAsync("/time/timer?handler=Bar");
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.Contains("id=\"timer-project\"", await browser.GetStringAsync("/time/timer"), StringComparison.Ordinal);

        // Someone else's team does not see this team's projects in its picker.
        var other = await TimeWorld.CreateAsync(app);
        var stranger = await app.SignInAsync(other.Team, other.Manager);
        var theirs = new HttpRequestMessage(HttpMethod.Get, "/time/timer?handler=Bar");
        theirs.Headers.Add("HX-Request", "true");
        Assert.DoesNotContain(world.Project.ToString(), await (await stranger.Client.SendAsync(theirs)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_time_by_hand_and_explain_bad_input_beside_the_field()
    {
        var world = await TimeWorld.CreateAsync(app);
        var browser = await app.SignInAsync(world.Team, world.Manager);
        var today = world.Today.ToString("yyyy-MM-dd");

        var bad = await browser.PostFormAsync("/time", new() { ["Input.ProjectId"] = world.Project.ToString(), ["Input.Date"] = today, ["Input.Duration"] = "soon" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Enter a duration between 1 minute and 24 hours", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ok = await browser.PostFormAsync("/time", new() { ["Input.ProjectId"] = world.Project.ToString(), ["Input.Date"] = today, ["Input.Duration"] = "1:30", ["Input.Description"] = "Workshop", ["Input.Billable"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var interval = await browser.PostFormAsync("/time", new() { ["Input.ProjectId"] = world.Project.ToString(), ["Input.Date"] = today, ["Input.From"] = "08:00", ["Input.To"] = "08:45", ["Input.Description"] = "Stand-up" });
        Assert.Equal(HttpStatusCode.Redirect, interval.StatusCode);

        var entries = await world.EntriesAsync();
        Assert.Equal([45 * 60, 90 * 60], entries.Select(e => e.Seconds).Order());
        Assert.Contains("Workshop", await browser.GetStringAsync("/time"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Let_nobody_delete_another_members_entry_without_the_permission()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        await manager.PostFormAsync("/time", new() { ["Input.ProjectId"] = world.Project.ToString(), ["Input.Date"] = world.Today.ToString("yyyy-MM-dd"), ["Input.Duration"] = "2" });
        var entry = (await world.EntriesAsync()).Single();
        var sam = await app.SignInAsync(world.Team, world.Team[TeamRole.SalesManager]);

        var response = await sam.PostFormAsync("/time?handler=Delete", new() { ["id"] = entry.Id.ToString() }, "/time");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Single(await world.EntriesAsync());
    }

    [Fact]
    public async Task Edit_an_unbilled_entry_and_explain_why_a_billed_one_is_locked()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var today = world.Today.ToString("yyyy-MM-dd");
        await manager.PostFormAsync("/time", new() { ["Input.ProjectId"] = world.Project.ToString(), ["Input.Date"] = today, ["Input.Duration"] = "1:00", ["Input.Billable"] = "true" });
        var entry = (await world.EntriesAsync()).Single();
        var path = $"/time/entries/{entry.Id}";
        Assert.Contains("value=\"1:00\"", await manager.GetStringAsync(path), StringComparison.Ordinal);

        var saved = await manager.PostFormAsync(path, new() { ["Input.ProjectId"] = world.Project.ToString(), ["Input.Date"] = today, ["Input.Duration"] = "2:15", ["Input.Description"] = "Longer", ["Input.Billable"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(135 * 60, (await world.EntriesAsync()).Single().Seconds);

        var sam = await app.SignInAsync(world.Team, world.Team[TeamRole.SalesManager]);
        Assert.Equal(HttpStatusCode.NotFound, (await sam.GetAsync(path)).StatusCode);

        await world.AsAsync(sp => sp.GetRequiredService<Mediator.IMediator>()
            .Send(new CrmSaaS.Plugins.Time.Contracts.MarkEntriesBilled(Guid.NewGuid(), [entry.Id])).AsTask());
        var locked = await manager.GetStringAsync(path);
        Assert.Contains("billed on an invoice", locked, StringComparison.Ordinal);
        var refused = await manager.PostFormAsync(path, new() { ["Input.ProjectId"] = world.Project.ToString(), ["Input.Date"] = today, ["Input.Duration"] = "3:00" }, "/time");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(135 * 60, (await world.EntriesAsync()).Single().Seconds);
    }

    [Fact]
    public async Task Book_time_on_a_task_from_the_timer_and_the_form_and_report_by_task()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var column = (await Projects.ProjectsApp.ColumnsAsync(app, world.Team, world.Project))[1].Id;
        var task = await Projects.ProjectsApp.AddTaskAsync(app, world.Team, manager, world.Project, column, "Write the offer");
        var other = await Projects.ProjectsApp.CreateProjectAsync(manager, world.Client, "Other");
        var foreignTask = await Projects.ProjectsApp.AddTaskAsync(app, world.Team, manager, other, (await Projects.ProjectsApp.ColumnsAsync(app, world.Team, other))[0].Id, "Elsewhere");

        Assert.Contains($"value=\"{world.Project}:{task}\"", await manager.GetStringAsync("/time/timer"), StringComparison.Ordinal);
        var token = await manager.TokenAsync("/time");
        await manager.PostWithTokenAsync("/time/timer?handler=Start", new() { ["projectId"] = $"{world.Project}:{task}" }, token);
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await manager.PostWithTokenAsync("/time/timer?handler=Stop", new(), token);
        Assert.Equal(task, (await world.EntriesAsync()).Single().TaskId);

        var wrong = await manager.PostFormAsync("/time", new() { ["Input.ProjectId"] = world.Project.ToString(), ["Input.TaskId"] = foreignTask.ToString(), ["Input.Date"] = world.Today.ToString("yyyy-MM-dd"), ["Input.Duration"] = "1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("Choose a task of this project.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await manager.PostFormAsync("/time", new() { ["Input.ProjectId"] = world.Project.ToString(), ["Input.Date"] = world.Today.ToString("yyyy-MM-dd"), ["Input.Duration"] = "1" });

        var report = await manager.GetStringAsync($"/time/reports?Range=custom&From={world.Today:yyyy-MM-dd}&To={world.Today:yyyy-MM-dd}&Project={world.Project}&Task={task}&Group=Project");
        Assert.Contains(">0:30<", report, StringComparison.Ordinal);
        Assert.DoesNotContain(">1:30<", report, StringComparison.Ordinal);
    }
}
