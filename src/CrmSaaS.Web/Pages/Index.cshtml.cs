using CrmSaaS.Kernel.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Web.Pages;

/// <summary>The team's home: a greeting and the cards every plugin contributes.</summary>
public sealed class IndexModel(ICurrentUser current) : PageModel
{
    public string? Name => current.DisplayName;

    public void OnGet()
    {
    }
}
