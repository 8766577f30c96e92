using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Architecture;

public class NavigationShould(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>The layout renders an unknown page as "#", so a mistyped entry would fail silently.</summary>
    [Fact]
    public void PointEveryEntryAtAnExistingPage()
    {
        var pages = app.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<PageActionDescriptor>()
            .Select(p => (p.AreaName ?? "", p.ViewEnginePath))
            .ToHashSet();
        var entries = app.Services.GetRequiredService<PluginCatalog>().Navigation;

        Assert.NotEmpty(entries);
        Assert.Empty(entries.Where(e => !pages.Contains((e.Area ?? "", e.Page))).Select(e => $"{e.Title}: {e.Area}{e.Page}"));
    }
}
