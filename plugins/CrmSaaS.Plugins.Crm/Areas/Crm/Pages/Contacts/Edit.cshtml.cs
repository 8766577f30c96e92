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

[RequiresPermission(CrmPermissions.ContactsEditOwn)]
public sealed class EditModel(IMediator mediator, CrmAccess access, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel, IContactForm, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public ContactInput Input { get; set; } = new();

    public string Name { get; private set; } = "";

    public IReadOnlyList<(Guid Id, string Name)> Members { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Clients { get; private set; } = [];

    public bool CanReassign => user.Has(CrmPermissions.Reassign);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        ContactInput input;
        (Name, input) = await mediator.Send(new Query(Id), cancellationToken);
        Input = input;
        await LoadListsAsync(cancellationToken);
    }

    public async Task ReloadAsync()
    {
        (Name, _) = await mediator.Send(new Query(Id), HttpContext.RequestAborted);
        await LoadListsAsync(HttpContext.RequestAborted);
    }

    private async Task LoadListsAsync(CancellationToken cancellationToken)
    {
        Members = await access.MembersAsync(cancellationToken);
        Clients = await mediator.Send(new CreateModel.ClientOptions(), cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(new Command(Id, Input), cancellationToken);
        TempData["Flash"] = l["Contact saved."].Value;
        return Redirect(Url.Page("/Contacts/Details", new { area = "Crm", id = Id })!);
    }

    [RequiresPermission(CrmPermissions.ContactsEditOwn)]
    public sealed record Query(Guid Id) : IQuery<(string Name, ContactInput Input)>;

    [RequiresPermission(CrmPermissions.ContactsEditOwn)]
    public sealed record Command(Guid Id, ContactInput Input) : IRequest;

    public sealed class Handlers(AppDbContext db, CrmAccess access, ContactWriter writer)
        : IQueryHandler<Query, (string Name, ContactInput Input)>, IRequestHandler<Command>
    {
        public async ValueTask<(string Name, ContactInput Input)> Handle(Query query, CancellationToken cancellationToken)
        {
            var contact = await LoadAsync(query.Id, cancellationToken);
            return (contact.FullName, ContactInput.From(contact, contact.Assignees.Select(a => a.UserId)));
        }

        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var contact = await LoadAsync(command.Id, cancellationToken);
            await writer.ApplyAsync(contact, command.Input, contact.Assignees.Select(a => a.UserId).ToList(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        private async Task<Contact> LoadAsync(Guid id, CancellationToken cancellationToken)
        {
            var contact = await db.Set<Contact>().Include(c => c.Assignees).SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
                ?? throw new NotFoundException("Contact");
            await access.EnsureCanEditContactAsync(contact, cancellationToken);
            return contact;
        }
    }
}
