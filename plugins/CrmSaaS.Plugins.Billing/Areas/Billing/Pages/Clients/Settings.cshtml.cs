using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
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

namespace CrmSaaS.Plugins.Billing.Areas.Billing.Pages.Clients;

/// <summary>How one client is invoiced: who receives its invoices, terms, VAT, schedule, grouping, automation and payment methods.</summary>
[RequiresPermission(BillingPermissions.Read)]
public sealed class SettingsModel(IMediator mediator, ICrmDirectory crm, BillingTerms terms, AppDbContext db, IStringLocalizer<SharedResource> l) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid ClientId { get; set; }

    [BindProperty]
    public ClientSettingsInput Input { get; set; } = new();

    public ClientView Client { get; private set; } = null!;

    public IReadOnlyList<ContactView> Contacts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var s = await terms.SettingsAsync(ClientId, cancellationToken);
        Input = new ClientSettingsInput
        {
            PaymentTermDays = s.PaymentTermDays, VatRule = s.VatRule, BuyerReference = s.BuyerReference, Schedule = s.Schedule, Grouping = s.Grouping,
            AutoIssue = s.AutoIssue, AutoSend = s.AutoSend, AcceptBankTransfer = s.AcceptBankTransfer, AcceptCard = s.AcceptCard, AcceptCrypto = s.AcceptCrypto,
            BillingContactIds = await db.Set<ClientBillingContact>().Where(c => c.ClientId == ClientId).Select(c => c.ContactId).ToListAsync(cancellationToken),
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(new Save(ClientId, Input), cancellationToken);
        TempData["Flash"] = l["Invoice settings saved."].Value;
        return RedirectToPage("/Clients/Settings", new { area = "Billing", clientId = ClientId });
    }

    public Task ReloadAsync() => LoadAsync(HttpContext.RequestAborted);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Client = await crm.Clients.SingleOrDefaultAsync(c => c.Id == ClientId, cancellationToken) ?? throw new NotFoundException("Client");
        Contacts = await crm.Contacts.Where(c => c.ClientId == ClientId).OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ToListAsync(cancellationToken);
    }

    public sealed class ClientSettingsInput
    {
        public List<Guid> BillingContactIds { get; set; } = [];

        [Range(0, 365, ErrorMessage = "Enter 0 to 365 days.")]
        public int PaymentTermDays { get; set; } = 14;

        public VatRule VatRule { get; set; }

        [StringLength(100, ErrorMessage = "Use at most {1} characters.")]
        public string? BuyerReference { get; set; }

        public BillingSchedule Schedule { get; set; }

        public LineGrouping Grouping { get; set; }

        public bool AutoIssue { get; set; }

        public bool AutoSend { get; set; }

        public bool AcceptBankTransfer { get; set; } = true;

        public bool AcceptCard { get; set; }

        public bool AcceptCrypto { get; set; }
    }

    [RequiresPermission(BillingPermissions.Settings)]
    public sealed record Save(Guid ClientId, ClientSettingsInput Input) : IRequest;

    public sealed class Handler(AppDbContext db, ICrmDirectory crm, IStringLocalizer<SharedResource> l) : IRequestHandler<Save>
    {
        public async ValueTask<Unit> Handle(Save command, CancellationToken cancellationToken)
        {
            var input = command.Input;
            var client = await crm.Clients.SingleOrDefaultAsync(c => c.Id == command.ClientId, cancellationToken) ?? throw new NotFoundException("Client");
            if (input.VatRule == VatRule.ReverseCharge && string.IsNullOrWhiteSpace(client.VatId))
            {
                throw new ValidationFailedException("Input.VatRule", l["Reverse charge needs the client's VAT ID. Add it to the client first."]);
            }

            if (input.AutoSend && !input.AutoIssue)
            {
                throw new ValidationFailedException("Input.AutoSend", l["Only issued invoices can be sent; turn on issuing as well."]);
            }

            if (!input.AcceptBankTransfer && !input.AcceptCard && !input.AcceptCrypto)
            {
                throw new ValidationFailedException("Input.AcceptBankTransfer", l["Accept at least one way to pay."]);
            }

            var wanted = input.BillingContactIds.Distinct().ToList();
            var own = await crm.Contacts.Where(c => c.ClientId == client.Id && wanted.Contains(c.Id)).Select(c => new { c.Id, c.Email }).ToListAsync(cancellationToken);
            if (own.Count != wanted.Count)
            {
                throw new ValidationFailedException("Input.BillingContactIds", l["Choose contacts of this client."]);
            }

            if (own.Any(c => string.IsNullOrWhiteSpace(c.Email)))
            {
                throw new ValidationFailedException("Input.BillingContactIds", l["Billing contacts need an email address."]);
            }

            var settings = await db.Set<ClientBillingSettings>().SingleOrDefaultAsync(s => s.ClientId == client.Id, cancellationToken);
            if (settings is null)
            {
                settings = new ClientBillingSettings { ClientId = client.Id };
                db.Add(settings);
            }

            settings.PaymentTermDays = input.PaymentTermDays;
            settings.VatRule = input.VatRule;
            settings.BuyerReference = string.IsNullOrWhiteSpace(input.BuyerReference) ? null : input.BuyerReference.Trim();
            settings.Schedule = input.Schedule;
            settings.Grouping = input.Grouping;
            settings.AutoIssue = input.AutoIssue;
            settings.AutoSend = input.AutoSend;
            settings.AcceptBankTransfer = input.AcceptBankTransfer;
            settings.AcceptCard = input.AcceptCard;
            settings.AcceptCrypto = input.AcceptCrypto;

            var current = await db.Set<ClientBillingContact>().Where(c => c.ClientId == client.Id).ToListAsync(cancellationToken);
            db.RemoveRange(current.Where(c => !wanted.Contains(c.ContactId)));
            db.AddRange(wanted.Where(id => current.All(c => c.ContactId != id)).Select(id => new ClientBillingContact { ClientId = client.Id, ContactId = id }));
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
