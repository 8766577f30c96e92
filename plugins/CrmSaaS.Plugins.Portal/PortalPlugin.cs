using CrmSaaS.Kernel.Live;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Portal.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Plugins.Portal;

/// <summary>
/// The client portal: what a client's contacts see of the team's work for them (overview, time,
/// invoices with the time they bill, statements, analytics), who of them has access with which roles
/// (given by the team or a client admin), and the live stream that keeps their open pages current.
/// It reads the other plugins through their contracts only.
/// </summary>
public sealed class PortalPlugin : IPlugin
{
    public const string LivePath = "/portal/live";

    public string Name => "Portal";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<PortalViewer>();
        services.AddScoped<PortalInvitations>();
        services.AddScoped<ClientPeople>();
        services.AddScoped<Crm.Contracts.IContactErasure, PortalErasure>();
        services.AddScoped<IGuestAccess, PortalGuestAccess>();
        services.AddScoped<Crm.Contracts.IOnboardingContributor, PortalOnboarding>();
        services.AddTransient<OnClientCreatedGrantPortal>();
    }

    public void ConfigureEvents(Coravel.Events.Interfaces.IEventRegistration events) =>
        events.Register<Crm.Contracts.ClientCreated>().Subscribe<OnClientCreatedGrantPortal>();

    public void ConfigureModel(ModelBuilder modelBuilder) => PortalModel.Configure(modelBuilder);

    public IEnumerable<PermissionDefinition> Permissions => PortalTeamPermissions.All;

    public void MapEndpoints(PluginEndpoints endpoints)
    {
        endpoints.MapLiveStream(LivePath, PortalPermissions.Access, async (services, ct) =>
        {
            var sight = await services.GetRequiredService<PortalViewer>().SightAsync(ct);
            return sight.SeesNothing ? null : new ContactLiveAudience(sight);
        });
        PortalDownloads.Map(endpoints);
    }

    public IEnumerable<NavigationEntry> Navigation =>
    [
        new("Overview", "/Index", Name, PortalPermissions.Access, "speedometer2", 50, NavigationSection.Portal),
        new("Time", "/Time", Name, PortalPermissions.Access, "clock", 105, NavigationSection.Portal),
        new("Invoices", "/Invoices/Index", Name, PortalPermissions.Access, "receipt", 110, NavigationSection.Portal),
        new("Analytics", "/Analytics", Name, PortalPermissions.Access, "graph-up", 120, NavigationSection.Portal),
        new("People", "/People/Index", Name, PortalPermissions.Access, "people", 130, NavigationSection.Portal),
    ];

    /// <summary>The demo's portal contacts are their clients' admins, so the people page shows its full use.</summary>
    public async Task SeedDemoAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var db = services.GetRequiredService<Kernel.Data.AppDbContext>();
        var crm = services.GetRequiredService<Crm.Contracts.ICrmDirectory>();
        var joined = await services.GetRequiredService<Projects.Contracts.IProjectDirectory>().Members
            .Where(m => m.ContactId != null && m.UserId != null && m.Active).Select(m => new { ContactId = m.ContactId!.Value, UserId = m.UserId!.Value })
            .Distinct().ToListAsync(cancellationToken);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        foreach (var contact in joined)
        {
            var found = await crm.Contacts.Where(c => c.Id == contact.ContactId && c.ClientId != null).Select(c => new { ClientId = c.ClientId!.Value, c.Email }).SingleOrDefaultAsync(cancellationToken);
            if (found is not null)
            {
                db.Add(new PortalAccess
                {
                    ContactId = contact.ContactId, ClientId = found.ClientId, Email = found.Email ?? "", UserId = contact.UserId, IsClientAdmin = true, InvitedAt = now, AcceptedAt = now,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public IEnumerable<DetailSection> DetailSections =>
    [
        new("Client", "ClientPortalSection", PortalTeamPermissions.Manage, 95),
        new("Contact", "ContactPortalSection", PortalTeamPermissions.Manage, 90),
    ];
}

/// <summary>What team members may do with the client portal (client contacts hold the <c>portal.</c> permissions instead).</summary>
public static class PortalTeamPermissions
{
    /// <summary>Give contacts portal access, make them client admins, end their access.</summary>
    public const string Manage = PortalPermissions.TeamManage;

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(Manage, "Client portal", "Give client contacts portal access, make them client admins, end their access",
            [TeamRole.OrganizationManager, TeamRole.SalesManager]),
    ];
}
