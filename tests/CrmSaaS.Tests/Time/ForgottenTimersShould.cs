using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Time;

/// <summary>The hourly job that stops timers left running for more than a day, as the system.</summary>
public class ForgottenTimersShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Book_a_day_at_most_tell_the_member_and_leave_recent_timers_running()
    {
        var world = await TimeWorld.CreateAsync(app);
        var recent = await TimeWorld.CreateAsync(app);
        await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().StartAsync(world.Manager.UserId, world.Project, null, "Left running", default));
        app.Clock.Advance(TimeSpan.FromHours(30));
        await recent.AsAsync(sp => sp.GetRequiredService<TimeTracking>().StartAsync(recent.Manager.UserId, recent.Project, null, "Just started", default));

        await app.Services.GetRequiredService<StopForgottenTimers>().Invoke();

        var entry = Assert.Single(await world.EntriesAsync());
        Assert.Equal(TimeLimits.MaxSeconds, entry.Seconds);
        Assert.Equal("Left running", entry.Description);
        Assert.Null(await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().RunningAsync(world.Manager.UserId, default)));
        Assert.NotNull(await recent.AsAsync(sp => sp.GetRequiredService<TimeTracking>().RunningAsync(recent.Manager.UserId, default)));
        var mail = Assert.Single(await app.OutboxAsync(world.Manager.Email), m => m.Subject.Contains("timer", StringComparison.Ordinal));
        Assert.Contains($"/time/entries/{entry.Id}", mail.TextBody, StringComparison.Ordinal);
        var author = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditEntries
            .Where(a => a.EntityType == nameof(TimeEntry) && a.EntityId == entry.Id.ToString() && a.Action == AuditAction.Created).Select(a => a.UserName).SingleAsync(), world.Team.Tenant);
        Assert.Equal("system: stop forgotten timers", author);
    }
}
