using CrmSaaS.Kernel.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Web.Pages.Root;

[RootSite]
[AllowAnonymous]
public sealed class LandingModel : PageModel
{
    public void OnGet()
    {
    }
}
