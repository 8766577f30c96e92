using CrmSaaS.Kernel.Security;

namespace CrmSaaS.Kernel.Plugins;

/// <summary>The host's plugins, in the host's order, and what they contribute together.</summary>
public sealed class PluginCatalog
{
    public PluginCatalog(IEnumerable<IPlugin> plugins)
    {
        Plugins = plugins.ToList();
        var duplicate = Plugins.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Plugin '{duplicate.Key}' is listed twice.");
        }

        Permissions = new PermissionMatrix(Plugins.SelectMany(p => p.Permissions));
        Navigation = Plugins.SelectMany(p => p.Navigation).OrderBy(n => n.Order).ToList();
        DashboardCards = Plugins.SelectMany(p => p.DashboardCards).OrderBy(c => c.Order).ToList();
        DetailSections = Plugins.SelectMany(p => p.DetailSections).OrderBy(s => s.Order).ToList();
        TopBarItems = Plugins.SelectMany(p => p.TopBarItems).OrderBy(i => i.Order).ToList();
    }

    public IReadOnlyList<IPlugin> Plugins { get; }
    public PermissionMatrix Permissions { get; }
    public IReadOnlyList<NavigationEntry> Navigation { get; }
    public IReadOnlyList<DashboardCard> DashboardCards { get; }
    public IReadOnlyList<DetailSection> DetailSections { get; }
    public IReadOnlyList<TopBarItem> TopBarItems { get; }

    public IEnumerable<DetailSection> SectionsFor(string entityType) =>
        DetailSections.Where(s => s.EntityType == entityType);
}
