using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Search;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Clients;

[RequiresPermission(CrmPermissions.ClientsEditOwn)]
public sealed class EditModel(IMediator mediator, CrmAccess access, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel, IClientForm, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public ClientInput Input { get; set; } = new();

    public string Name { get; private set; } = "";

    public IReadOnlyList<(Guid Id, string Name)> Members { get; private set; } = [];

    public bool CanReassign => user.Has(CrmPermissions.Reassign);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        (Name, Input) = await mediator.Send(new Query(Id), cancellationToken);
        Members = await access.MembersAsync(cancellationToken);
    }

    public async Task ReloadAsync()
    {
        (Name, _) = await mediator.Send(new Query(Id), HttpContext.RequestAborted);
        Members = await access.MembersAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(new Command(Id, Input), cancellationToken);
        TempData["Flash"] = l["Client saved."].Value;
        return Redirect(Url.Page("/Clients/Details", new { area = "Crm", id = Id })!);
    }

    /// <summary>The client as the form shows it; refused (403) to members who may not edit it.</summary>
    [RequiresPermission(CrmPermissions.ClientsEditOwn)]
    public sealed record Query(Guid Id) : IQuery<(string Name, ClientInput Input)>;

    [RequiresPermission(CrmPermissions.ClientsEditOwn)]
    public sealed record Command(Guid Id, ClientInput Input) : IRequest;

    public sealed class Handlers(AppDbContext db, CrmAccess access, Assignments assignments, ContactSearchIndex index, TimeProvider clock)
        : IQueryHandler<Query, (string Name, ClientInput Input)>, IRequestHandler<Command>
    {
        public async ValueTask<(string Name, ClientInput Input)> Handle(Query query, CancellationToken cancellationToken)
        {
            var client = await LoadAsync(query.Id, cancellationToken);
            return (client.Name, ClientInput.From(client, client.Managers.Select(m => m.UserId)));
        }

        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var client = await LoadAsync(command.Id, cancellationToken);
            var input = command.Input;
            var managers = await assignments.CheckAsync("Input.ResponsibleManagerId", input.ResponsibleManagerId, "Input.ManagerIds", input.ManagerIds,
                client.ResponsibleManagerId, client.Managers.Select(m => m.UserId).ToList(), cancellationToken);
            var renamed = client.Name != input.Name.Trim();
            input.ApplyTo(client);
            client.ResponsibleManagerId = input.ResponsibleManagerId;
            client.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            db.RemoveRange(client.Managers.Where(m => !managers.Contains(m.UserId)));
            var have = client.Managers.Select(m => m.UserId).ToHashSet();
            client.Managers.AddRange(managers.Where(id => !have.Contains(id)).Select(id => new ClientManager { UserId = id }));
            if (renamed)
            {
                await index.UpdateClientContactsAsync(client.Id, client.Name, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        private async Task<Client> LoadAsync(Guid id, CancellationToken cancellationToken)
        {
            var client = await db.Set<Client>().Include(c => c.Managers).SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
                ?? throw new NotFoundException("Client");
            await access.EnsureCanEditClientAsync(client, cancellationToken);
            return client;
        }
    }
}
