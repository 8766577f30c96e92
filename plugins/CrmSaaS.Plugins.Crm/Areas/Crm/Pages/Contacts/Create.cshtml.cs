using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Contacts;

[RequiresPermission(CrmPermissions.ContactsCreate)]
public sealed class CreateModel(IMediator mediator, CrmAccess access, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel, IContactForm, IReloadOnInvalid
{
    [BindProperty]
    public ContactInput Input { get; set; } = new();

    /// <summary>After saving, open a new empty form (to add several contacts in a row).</summary>
    [BindProperty]
    public bool AddAnother { get; set; }

    public IReadOnlyList<(Guid Id, string Name)> Members { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Clients { get; private set; } = [];

    public bool CanReassign => user.Has(CrmPermissions.Reassign);

    public async Task OnGetAsync(Guid? clientId, CancellationToken cancellationToken)
    {
        if (clientId is { } id && await mediator.Send(new IndexModel.ClientNameQuery(id), cancellationToken) is null)
        {
            throw new NotFoundException("Client");
        }

        Input.OwnerId = access.Me;
        Input.ClientId = clientId;
        await ReloadAsync();
    }

    public async Task ReloadAsync()
    {
        Members = await access.MembersAsync(HttpContext.RequestAborted);
        Clients = await mediator.Send(new ClientOptions(), HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var id = await mediator.Send(new Command(Input), cancellationToken);
        TempData["Flash"] = l["Contact {0} created.", $"{Input.FirstName} {Input.LastName}"].Value;
        return AddAnother
            ? Redirect(Url.Page("/Contacts/Create", new { area = "Crm", clientId = Input.ClientId })!)
            : Redirect(Url.Page("/Contacts/Details", new { area = "Crm", id })!);
    }

    [RequiresPermission(CrmPermissions.ContactsCreate)]
    public sealed record Command(ContactInput Input) : IRequest<Guid>;

    [RequiresPermission(CrmPermissions.Read)]
    public sealed record ClientOptions : IQuery<IReadOnlyList<(Guid Id, string Name)>>;

    public sealed class Handlers(AppDbContext db, ContactWriter writer) : IRequestHandler<Command, Guid>, IQueryHandler<ClientOptions, IReadOnlyList<(Guid Id, string Name)>>
    {
        public async ValueTask<Guid> Handle(Command command, CancellationToken cancellationToken)
        {
            var contact = new Contact();
            await writer.ApplyAsync(contact, command.Input, null, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return contact.Id;
        }

        public async ValueTask<IReadOnlyList<(Guid Id, string Name)>> Handle(ClientOptions query, CancellationToken cancellationToken) =>
            (await db.Set<Client>().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.Name)).ToList();
    }
}
