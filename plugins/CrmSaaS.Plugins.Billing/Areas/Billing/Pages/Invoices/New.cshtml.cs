using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Crm.Contracts;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Areas.Billing.Pages.Invoices;

/// <summary>Drafts a client's invoice from its unbilled time up to a date, or an empty one for manual lines.</summary>
[RequiresPermission(BillingPermissions.Draft)]
public sealed class NewModel(IMediator mediator, ICrmDirectory crm, BillingTerms terms, IStringLocalizer<SharedResource> l) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    [BindProperty]
    public DraftInput Input { get; set; } = new();

    public IReadOnlyList<(Guid Id, string Name)> Clients { get; private set; } = [];

    public async Task OnGetAsync(Guid? clientId, CancellationToken cancellationToken)
    {
        if (clientId is { } id && !await crm.Clients.AnyAsync(c => c.Id == id, cancellationToken))
        {
            throw new NotFoundException("Client");
        }

        Input = new DraftInput { ClientId = clientId ?? Guid.Empty, UpTo = await terms.TodayAsync(cancellationToken) };
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var id = await mediator.Send(new CreateDraft(Input), cancellationToken);
        if (id.Empty)
        {
            TempData["Flash"] = l["There is no unbilled time up to that date; the draft is empty. Add its lines."].Value;
        }

        return RedirectToPage("/Invoices/Details", new { area = "Billing", id = id.InvoiceId });
    }

    public Task ReloadAsync() => LoadAsync(HttpContext.RequestAborted);

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Clients = (await crm.Clients.Where(c => c.Status != ClientStatus.Inactive).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.Name)).ToList();

    public sealed class DraftInput
    {
        [Required(ErrorMessage = "Choose a client.")]
        public Guid ClientId { get; set; }

        [Required(ErrorMessage = "Enter a date.")]
        public DateOnly UpTo { get; set; }
    }

    public sealed record Drafted(Guid InvoiceId, bool Empty);

    [RequiresPermission(BillingPermissions.Draft)]
    public sealed record CreateDraft(DraftInput Input) : IRequest<Drafted>;

    public sealed class Handler(InvoiceDrafting drafting, IStringLocalizer<SharedResource> l) : IRequestHandler<CreateDraft, Drafted>
    {
        public async ValueTask<Drafted> Handle(CreateDraft command, CancellationToken cancellationToken)
        {
            if (command.Input.ClientId == Guid.Empty)
            {
                throw new ValidationFailedException("Input.ClientId", l["Choose a client."]);
            }

            var invoice = await drafting.DraftForClientAsync(command.Input.ClientId, command.Input.UpTo, allowEmpty: true, cancellationToken);
            return new Drafted(invoice!.Id, invoice.Lines.Count == 0);
        }
    }

}
