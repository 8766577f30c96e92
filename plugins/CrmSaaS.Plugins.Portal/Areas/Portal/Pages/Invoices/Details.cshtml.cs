using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Plugins.Portal.Areas.Portal.Pages.Invoices;

/// <summary>
/// One invoice as its client sees it: totals and what is open, the files as issued, every line with
/// the exact time entries it bills (date, member, hours, description, rate) and the payments so far.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed class DetailsModel(IMediator mediator, PortalViewer viewer, TeamMembers members) : PageModel
{
    public ClientInvoiceDetail Invoice { get; private set; } = null!;

    public IReadOnlyDictionary<Guid, string> MemberNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var sight = await viewer.SightAsync(cancellationToken);
        var invoice = sight.SeesInvoices ? await mediator.Send(new ClientInvoiceDetailQuery(id, sight.BillingClients), cancellationToken) : null;
        if (invoice is null)
        {
            return NotFound();
        }

        Invoice = invoice;
        if (invoice.Lines.Any(l => l.Entries.Count > 0))
        {
            MemberNames = (await members.ListAsync(cancellationToken)).ToDictionary(m => m.Id, m => m.Name);
        }

        return Page();
    }

    public string Member(Guid userId) => MemberNames.TryGetValue(userId, out var name) ? name : "—";
}
