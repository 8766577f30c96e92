using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Portal.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Plugins.Portal.Areas.Portal.Pages.Team;

/// <summary>The team's view of a client's portal people: who has access with which roles, each with the way to change them.</summary>
[RequiresPermission(PortalPermissions.TeamManage)]
public sealed class ClientPortalModel(ClientPeople people) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid ClientId { get; set; }

    public ClientRoster Roster { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Roster = await people.RosterAsync(ClientId, cancellationToken);
}
