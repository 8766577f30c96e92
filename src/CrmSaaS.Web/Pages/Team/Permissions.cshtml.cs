using CrmSaaS.Kernel.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Web.Pages.Team;

/// <summary>The role → permission matrix composed from every plugin, read-only.</summary>
[RequiresPermission(TeamPermissions.PermissionsRead)]
public sealed class PermissionsModel(PermissionMatrix matrix) : PageModel
{
    public PermissionMatrix Matrix { get; } = matrix;

    public void OnGet()
    {
    }
}
