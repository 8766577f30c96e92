using System.Net;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using CrmSaaS.Plugins.Time.Domain;

namespace CrmSaaS.Tests.Time;

public class TimesheetShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Add_adjust_and_clear_a_days_time_from_its_cell()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var day = world.Today;
        var cell = $"Cells[{world.Project}|{day:yyyy-MM-dd}]";
        var path = $"/time/timesheet?Week={day:yyyy-MM-dd}";

        Assert.Contains("Tracked", await manager.GetStringAsync(path + $"&Add={world.Project}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(path, new() { [cell] = "1:30" }, path)).StatusCode);
        Assert.Equal([90 * 60], (await world.EntriesAsync()).Select(e => e.Seconds));
        await manager.PostFormAsync(path, new() { [cell] = "2" }, path);
        Assert.Equal([120 * 60], (await world.EntriesAsync()).Select(e => e.Seconds));
        Assert.Contains("value=\"2:00\"", await manager.GetStringAsync(path), StringComparison.Ordinal);
        await manager.PostFormAsync(path, new() { [cell] = "" }, path);
        Assert.Empty(await world.EntriesAsync());

        var bad = await manager.PostFormAsync(path, new() { [cell] = "lots" }, path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Enter a duration between 1 minute and 24 hours", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Time from start and end is kept; the cell only adds to it.
        await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
            new EntryInput(world.Project, null, day.ToDateTime(new TimeOnly(8, 0)), day.ToDateTime(new TimeOnly(9, 0)), null, null, "Stand-up", true), default));
        await manager.PostFormAsync(path, new() { [cell] = "1:45" }, path);
        Assert.Equal([45 * 60, 60 * 60], (await world.EntriesAsync()).Select(e => e.Seconds).Order());
        var shrink = await manager.PostFormAsync(path, new() { [cell] = "0:30" }, path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, shrink.StatusCode);
        Assert.Contains("change them on My time", await shrink.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
