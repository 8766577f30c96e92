using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Payments.Areas.Payments.Pages.Pay;

/// <summary>
/// A client contact's invoices: those of the clients whose projects they may see, newest first, what is
/// open of each and the way to pay it.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
[ActsAs("portal invoices", OnlinePaymentPermissions.Record)]
public sealed class ListModel(IMediator mediator, IProjectAccess projects) : PageModel
{
    public IReadOnlyList<ClientInvoice> Invoices { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var clients = await projects.VisibleProjects().Select(p => p.ClientId).Distinct().ToListAsync(cancellationToken);
        if (clients.Count == 0)
        {
            return;
        }

        using (SystemActor.Begin(typeof(ListModel)))
        {
            Invoices = await mediator.Send(new ClientInvoicesQuery(clients), cancellationToken);
        }
    }
}
