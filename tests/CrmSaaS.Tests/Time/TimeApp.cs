using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Projects;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Time;

/// <summary>A team with a client and a billable project, and a way to act as one of its members.</summary>
public sealed record TimeWorld(AppFactory App, TestTeam Team, Guid Client, Guid Project, TestMember Manager)
{
    public static async Task<TimeWorld> CreateAsync(AppFactory app)
    {
        var (team, manager, client, _, _) = await ProjectsApp.ClientWithContactAsync(app);
        var project = await ProjectsApp.CreateProjectAsync(manager, client, "Tracked");
        return new TimeWorld(app, team, client, project, team[TeamRole.OrganizationManager]);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the team as <paramref name="member"/> (the organization manager by
    /// default), in one unit of work, as a command would.
    /// </summary>
    public Task<T> AsAsync<T>(Func<IServiceProvider, Task<T>> work, TestMember? member = null) => App.WithScopeAsync(sp =>
    {
        var who = member ?? Manager;
        sp.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { User = TestPrincipals.Member(who.UserId, who.Role, Team.Tenant.Id) };
        return sp.GetRequiredService<IUnitOfWork>().RunAsync(_ => work(sp));
    }, Team.Tenant);

    public Task AsAsync(Func<IServiceProvider, Task> work, TestMember? member = null) => AsAsync(async sp =>
    {
        await work(sp);
        return true;
    }, member);

    public Task<List<TimeEntry>> EntriesAsync() => AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<TimeEntry>().AsNoTracking().ToListAsync());

    public Task AddRateAsync(RateLevel level, decimal amount, DateOnly from, Guid? user = null, Guid? project = null, Guid? client = null) => AsAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        db.Add(new Rate { Level = level, Amount = amount, Currency = "EUR", EffectiveFrom = from, UserId = user, ProjectId = project, ClientId = client, CreatedAt = App.Clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
    });

    public DateTime Now => App.Clock.GetUtcNow().UtcDateTime;

    /// <summary>A UTC time as a member without a time zone of their own enters it (Europe/Berlin).</summary>
    public static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, CrmSaaS.Kernel.Common.TimeZoneIds.Find("Europe/Berlin"));

    public DateOnly Today => DateOnly.FromDateTime(Now);
}
