using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Web.Team;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Hosting;

/// <summary>
/// Development data: a team "demo" with one member of each role and a Superadmin; then each
/// plugin adds its own demo data inside the team's tenant scope. Runs only on an empty database,
/// but always returns the sign-ins so the console shows them on every start.
/// </summary>
public static class DemoSeeder
{
    public const string SuperadminEmail = "admin@crmsaas.test";

    private static readonly (TeamRole Role, string Name, string Email)[] Members =
    [
        (TeamRole.OrganizationManager, "Olivia Manager", "olivia@demo.test"),
        (TeamRole.SalesManager, "Sam Sales", "sam@demo.test"),
        (TeamRole.SalesRepresentative, "Rita Rep", "rita@demo.test"),
        (TeamRole.TeamMember, "Tom Member", "tom@demo.test"),
    ];

    public static async Task<List<DemoSignIn>> SeedAsync(IServiceProvider services, IConfiguration config, ILogger log)
    {
        var root = config["Tenancy:RootDomain"] ?? "localhost";
        var signIns = new List<DemoSignIn> { new("Superadmin", SuperadminEmail, DatabaseStartup.DemoPassword, "{base}" + root + "{port}/admin") };
        signIns.AddRange(Members.Select(m => new DemoSignIn(m.Role.DisplayName(), m.Email, DatabaseStartup.DemoPassword, "{base}" + DatabaseStartup.DemoTeam + "." + root + "{port}/")));

        var db = services.GetRequiredService<AppDbContext>();
        if (await db.Tenants.AnyAsync())
        {
            return signIns;
        }

        log.LogInformation("Seeding the demo team");
        await DatabaseStartup.EnsureSuperadminAsync(services, SuperadminEmail, DatabaseStartup.DemoPassword, log);
        var clock = services.GetRequiredService<TimeProvider>();
        var provisioning = services.GetRequiredService<TeamProvisioning>();
        var tenant = TeamProvisioning.NewTenant("Demo Agency", DatabaseStartup.DemoTeam, clock.GetUtcNow().UtcDateTime);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();

        var membersByRole = new Dictionary<TeamRole, Guid>();
        using (TenantContext.BeginScope(tenant.ToInfo()))
        {
            foreach (var (role, name, email) in Members)
            {
                var user = await provisioning.CreateUserAsync(name, email, DatabaseStartup.DemoPassword, "en", "");
                provisioning.AddMembership(user.Id, role);
                membersByRole[role] = user.Id;
            }

            await db.SaveChangesAsync();

            var context = new DemoSeedContext(services, tenant.Id, membersByRole, signIns);
            await SeedPluginsAsync(context);
            return [.. context.SignIns];
        }
    }

    /// <summary>
    /// Every plugin adds its demo data to the context's team (the current tenant), as the system
    /// holding every permission, one unit of work per plugin.
    /// </summary>
    public static async Task SeedPluginsAsync(DemoSeedContext context)
    {
        var catalog = context.Services.GetRequiredService<PluginCatalog>();
        using var actor = SystemActor.Begin("demo seeding", catalog.Permissions.Definitions.Select(d => d.Name));
        var unitOfWork = context.Services.GetRequiredService<IUnitOfWork>();
        foreach (var plugin in catalog.Plugins)
        {
            await unitOfWork.RunAsync(ct => plugin.SeedDemoAsync(context, ct));
        }
    }
}
