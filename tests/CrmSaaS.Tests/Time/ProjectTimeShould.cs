using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Time;

/// <summary>Time booked on a project keeps it from deletion, with a message instead of a database error.</summary>
public class ProjectTimeShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Keep_a_project_with_booked_time_from_deletion_and_say_why()
    {
        var world = await TimeWorld.CreateAsync(app);
        await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>()
            .LogAsync(world.Manager.UserId, new EntryInput(world.Project, null, null, null, world.Today, TimeSpan.FromHours(2), null, true), default));
        var manager = await app.SignInAsync(world.Team, world.Manager);

        var refused = await manager.PostFormAsync($"/projects/{world.Project}/edit?handler=Delete", new(), $"/projects/{world.Project}/edit");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Tracked cannot be deleted while it has 1 time entry.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Project>().AnyAsync(p => p.Id == world.Project), world.Team.Tenant));

        var empty = await ProjectsApp.CreateProjectAsync(manager, world.Client, "Empty");
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"/projects/{empty}/edit?handler=Delete", new(), $"/projects/{empty}/edit")).StatusCode);
    }
}
