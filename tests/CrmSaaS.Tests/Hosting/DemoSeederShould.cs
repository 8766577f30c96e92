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

        var olivia = await app.Browser("demo.localhost").PostFormAsync("/account/signin", new() { ["Input.Email"] = "olivia@demo.test", ["Input.Password"] = DatabaseStartup.DemoPassword });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, olivia.StatusCode);
    }
}
