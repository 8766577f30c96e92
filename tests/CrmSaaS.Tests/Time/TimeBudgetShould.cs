using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Time;

public class TimeBudgetShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Email_project_managers_at_80_and_100_percent_of_the_budget_once_each()
    {
        var world = await TimeWorld.CreateAsync(app);
        await world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            (await db.Set<Project>().SingleAsync(p => p.Id == world.Project)).BudgetHours = 2;
            await db.SaveChangesAsync();
        });
        Task Log(int minutes) => world.AsAsync(sp => sp.GetRequiredService<TimeTracking>()
            .LogAsync(world.Manager.UserId, new EntryInput(world.Project, null, null, null, world.Today, TimeSpan.FromMinutes(minutes), null, true), default));
        async Task<List<string>> AlertsAsync() => (await app.OutboxAsync(world.Manager.Email)).Select(m => m.Subject).Where(s => s.Contains("of its budget", StringComparison.Ordinal)).ToList();

        await Log(90);
        Assert.Empty(await AlertsAsync());
        await Log(10);
        Assert.Equal(["Tracked has used 80 % of its budget"], await AlertsAsync());
        await Log(10);
        Assert.Single(await AlertsAsync());
        await Log(15);
        Assert.Equal(["Tracked has used 80 % of its budget", "Tracked has used 100 % of its budget"], await AlertsAsync());
        await Log(60);
        Assert.Equal(2, (await AlertsAsync()).Count);
    }

    [Fact]
    public async Task Show_hours_on_the_client_and_project_pages_to_those_who_see_everyones_time()
    {
        var world = await TimeWorld.CreateAsync(app);
        await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>()
            .LogAsync(world.Manager.UserId, new EntryInput(world.Project, null, null, null, world.Today, TimeSpan.FromMinutes(150), null, true), default));
        var manager = await app.SignInAsync(world.Team, world.Manager);

        var client = await manager.GetStringAsync($"/crm/clients/{world.Client}");
        Assert.Contains("id=\"time-section-title\"", client, StringComparison.Ordinal);
        Assert.Contains(">2:30", client, StringComparison.Ordinal);
        Assert.Contains("id=\"time-section-title\"", await manager.GetStringAsync($"/projects/{world.Project}"), StringComparison.Ordinal);

        var rita = await app.SignInAsync(world.Team, world.Team[TeamRole.SalesRepresentative]);
        Assert.DoesNotContain("id=\"time-section-title\"", await rita.GetStringAsync($"/crm/clients/{world.Client}"), StringComparison.Ordinal);
    }
}
