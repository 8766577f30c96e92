using CrmSaaS.Kernel.Live;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Plugins.Portal;

/// <summary>
/// The client portal: what a client's contacts see of the team's work for them (overview, time,
/// invoices with the time they bill, statements, analytics) and the live stream that keeps their open
/// pages current. It reads the other plugins through their contracts only.
/// </summary>
public sealed class PortalPlugin : IPlugin
{
    public const string LivePath = "/portal/live";

    public string Name => "Portal";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScoped<PortalViewer>();

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
    ];
}
