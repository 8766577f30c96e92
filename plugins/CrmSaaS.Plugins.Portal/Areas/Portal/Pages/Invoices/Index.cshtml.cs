using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Plugins.Portal.Areas.Portal.Pages.Invoices;

/// <summary>
/// A billing contact's invoices: their clients' issued invoices, newest first, what is open of each and
/// the way to pay it. Other contacts are told who sees them.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed class IndexModel(IMediator mediator, PortalViewer viewer) : PageModel
{
    public IReadOnlyList<ClientInvoice> Invoices { get; private set; } = [];

    public bool SeesInvoices { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var sight = await viewer.SightAsync(cancellationToken);
        SeesInvoices = sight.SeesInvoices;
        if (SeesInvoices)
        {
            Invoices = await mediator.Send(new PortalInvoicesQuery(sight.BillingClients), cancellationToken);
        }
    }
}
