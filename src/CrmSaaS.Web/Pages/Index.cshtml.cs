using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace CrmSaaS.Web.Pages;

/// <summary>The team's home: a greeting and the cards every plugin contributes. Client contacts land on the portal instead.</summary>
[OutputCache(PolicyName = PageCache.Policy)]
public sealed class IndexModel(ICurrentUser current, PluginCatalog catalog) : PageModel
{
    public string? Name => current.DisplayName;

    public IActionResult OnGet()
    {
        if (!current.IsClientContact)
        {
            return Page();
        }

        var portal = catalog.Navigation.Where(n => n.Section == NavigationSection.Portal && current.Has(n.Permission)).MinBy(n => n.Order);
        return portal is null ? Forbid() : Redirect(Url.Page(portal.Page, new { area = portal.Area ?? "" })!);
    }
}
