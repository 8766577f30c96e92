using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmSaaS.Tests.Hosting;

public class DemoSeederShould(DemoSeederShould.AppWithSeedingPlugin app) : IClassFixture<DemoSeederShould.AppWithSeedingPlugin>
{
    /// <summary>A plugin that records what the seeding hook handed it and adds a sign-in of its own.</summary>
    public sealed class SeedingPlugin : IPlugin
    {
        public string Name => "SeedProbe";

        public List<(string? Tenant, IReadOnlyDictionary<TeamRole, Guid> Members)> Calls { get; } = [];

        public Task SeedDemoAsync(DemoSeedContext context, CancellationToken cancellationToken)
        {
            Calls.Add((TenantContext.CurrentTenant?.Identifier, context.MembersByRole));
            context.AddSignIn(new DemoSignIn("Client contact", "client@demo.test", "x", "{base}demo.localhost{port}/"));
            return Task.CompletedTask;
        }
    }

    public sealed class AppWithSeedingPlugin : AppFactory
    {
        public SeedingPlugin Plugin { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(new PluginCatalog([.. CrmSaaS.Web.Plugins.All, Plugin])));
        }
    }

    private Task<List<DemoSignIn>> SeedAsync() => app.WithScopeAsync(sp =>
        DemoSeeder.SeedAsync(sp, sp.GetRequiredService<IConfiguration>(), NullLogger.Instance));

    [Fact]
    public async Task SeedTheDemoTeamOnceAndLetEveryPluginAddItsDataInsideTheTeam()
    {
        var signIns = await SeedAsync();
        var again = await SeedAsync();

        var call = Assert.Single(app.Plugin.Calls);
        Assert.Equal(DatabaseStartup.DemoTeam, call.Tenant);
        Assert.Equal(TeamRoles.All.Order(), call.Members.Keys.Order());
        Assert.Contains(signIns, s => s.Who == "Superadmin");
        Assert.Contains(signIns, s => s.Email == "client@demo.test");
        Assert.Equal(5, again.Count);

        var (tenants, roles, superadmin) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var demo = await db.Tenants.SingleAsync(t => t.Identifier == DatabaseStartup.DemoTeam);
            using var _ = TenantContext.BeginScope(demo.ToInfo());
            return (await db.Tenants.CountAsync(), await db.Memberships.Select(m => m.Role).ToListAsync(),
                await db.Users.AnyAsync(u => u.Email == DemoSeeder.SuperadminEmail && u.IsSuperadmin));
        });
        Assert.Equal(1, tenants);
        Assert.Equal(TeamRoles.All.Order(), roles.Order());
        Assert.True(superadmin);

        // What a newcomer judges the product by: projects on budget (none over, one close), every client announced.
        var (used, clients, announced) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var demo = await db.Tenants.SingleAsync(t => t.Identifier == DatabaseStartup.DemoTeam);
            using var _ = TenantContext.BeginScope(demo.ToInfo());
            var projects = await sp.GetRequiredService<CrmSaaS.Plugins.Projects.Contracts.IProjectDirectory>().Projects
                .Where(p => p.Status == CrmSaaS.Plugins.Projects.Contracts.ProjectStatus.Active && p.BudgetHours != null).ToListAsync();
            var hours = new List<decimal>();
            foreach (var project in projects)
            {
                var seconds = await db.Set<CrmSaaS.Plugins.Time.Domain.TimeDayTotal>().Where(t => t.ProjectId == project.Id).SumAsync(t => t.Seconds);
                hours.Add(seconds / 3600m / project.BudgetHours!.Value);
            }

            return (hours, await db.Set<CrmSaaS.Plugins.Crm.Domain.Client>().CountAsync(),
                await db.Set<CrmSaaS.Kernel.Events.StoredEvent>().CountAsync(e => e.TenantId == demo.Id && e.Type.EndsWith("ClientCreated")));
        });
        Assert.NotEmpty(used);
        Assert.All(used, share => Assert.InRange(share, 0.3m, 0.95m));
        Assert.Contains(used, share => share > 0.8m);
        Assert.Equal(clients, announced);

        var olivia = await app.Browser("demo.localhost").PostFormAsync("/account/signin", new() { ["Input.Email"] = "olivia@demo.test", ["Input.Password"] = DatabaseStartup.DemoPassword });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, olivia.StatusCode);
    }
}
