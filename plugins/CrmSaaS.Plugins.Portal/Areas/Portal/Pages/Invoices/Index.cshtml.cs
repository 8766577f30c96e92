using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Plugins.Portal.Areas.Portal.Pages.Invoices;

/// <summary>A client contact's invoices: their clients' issued invoices, newest first, what is open of each and the way to pay it.</summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed class IndexModel(IMediator mediator, PortalViewer viewer) : PageModel
{
    public IReadOnlyList<ClientInvoice> Invoices { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var sight = await viewer.SightAsync(cancellationToken);
        if (sight.Clients.Count > 0)
        {
            Invoices = await mediator.Send(new PortalInvoicesQuery(sight.Clients), cancellationToken);
        }
    }
}
