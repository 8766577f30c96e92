using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Search;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Clients;

[RequiresPermission(CrmPermissions.Read)]
public sealed class DetailsModel(IMediator mediator, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public View Client { get; private set; } = null!;

    public IReadOnlyList<ActivityRow> Activities { get; private set; } = [];

    public ActivityInput Activity { get; private set; } = new();

    public bool CanLog => user.Has(CrmPermissions.ActivitiesLog);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Client = await mediator.Send(new Query(Id), cancellationToken);
        Activities = await mediator.Send(new Plugins.Crm.Activities.Timeline(null, Id), cancellationToken);
    }

    public Task ReloadAsync() => OnGetAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostLogAsync([Bind(Prefix = "Activity")] ActivityInput activity, CancellationToken cancellationToken)
    {
        Activity = activity;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(new Plugins.Crm.Activities.Log(null, Id, activity), cancellationToken);
        TempData["Flash"] = l["Activity logged."].Value;
        return Redirect(Url.Page("/Clients/Details", new { area = "Crm", id = Id }) + "#activities");
    }

    public async Task<IActionResult> OnPostDoneAsync(Guid activityId, bool done, CancellationToken cancellationToken)
    {
        await mediator.Send(new Plugins.Crm.Activities.SetDone(activityId, done), cancellationToken);
        return Redirect(Url.Page("/Clients/Details", new { area = "Crm", id = Id }) + "#activities");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var name = await mediator.Send(new Delete(Id), cancellationToken);
        TempData["Flash"] = l["Client {0} deleted.", name].Value;
        return Redirect(Url.Page("/Clients/Index", new { area = "Crm" })!);
    }

    public sealed record ContactRow(Guid Id, string Name, string? Email, string? Position, bool IsRepresentative);

    public sealed record View(Client Client, string ResponsibleManager, IReadOnlyList<string> Managers, IReadOnlyList<ContactRow> Contacts, int ContactCount, bool CanEdit);

    [RequiresPermission(CrmPermissions.Read)]
    public sealed record Query(Guid Id) : IQuery<View>;

    [RequiresPermission(CrmPermissions.ClientsEditOwn)]
    public sealed record Delete(Guid Id) : IRequest<string>;

    public sealed class Handlers(AppDbContext db, CrmAccess access, ContactSearchIndex index, IEnumerable<Contracts.IClientDependents> clientDependents,
        IStringLocalizer<SharedResource> l) : IQueryHandler<Query, View>, IRequestHandler<Delete, string>
    {
        public async ValueTask<View> Handle(Query query, CancellationToken cancellationToken)
        {
            var client = await db.Set<Client>().AsNoTracking().Include(c => c.Managers).SingleOrDefaultAsync(c => c.Id == query.Id, cancellationToken)
                ?? throw new NotFoundException("Client");
            var people = client.Managers.Select(m => m.UserId).Append(client.ResponsibleManagerId).ToList();
            var names = await db.Users.Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            var contacts = db.Set<Contact>().Where(c => c.ClientId == client.Id);
            var rows = await contacts.OrderByDescending(c => c.IsRepresentative).ThenBy(c => c.LastName).ThenBy(c => c.FirstName).Take(100)
                .Select(c => new ContactRow(c.Id, c.FirstName + " " + c.LastName, c.Email, c.Position, c.IsRepresentative))
                .ToListAsync(cancellationToken);
            return new View(client, names.GetValueOrDefault(client.ResponsibleManagerId, ""),
                client.Managers.Select(m => names.GetValueOrDefault(m.UserId, "")).Order().ToList(),
                rows, await contacts.CountAsync(cancellationToken),
                await access.CanEditClientAsync(client.Id, client.ResponsibleManagerId, cancellationToken));
        }

        public async ValueTask<string> Handle(Delete command, CancellationToken cancellationToken)
        {
            var client = await db.Set<Client>().SingleOrDefaultAsync(c => c.Id == command.Id, cancellationToken)
                ?? throw new NotFoundException("Client");
            await access.EnsureCanEditClientAsync(client, cancellationToken);
            var kept = new List<string>();
            foreach (var dependents in clientDependents)
            {
                if (await dependents.DescribeAsync(client.Id, cancellationToken) is { } what)
                {
                    kept.Add(what);
                }
            }

            if (kept.Count > 0)
            {
                throw new ValidationFailedException("", l["{0} cannot be deleted while it has {1}. Archive or delete those first.", client.Name, string.Join(", ", kept)]);
            }

            // Its contacts stay, without the client's name among their search words.
            var contacts = await db.Set<Contact>().Where(c => c.ClientId == client.Id).ToListAsync(cancellationToken);
            foreach (var contact in contacts)
            {
                contact.ClientId = null;
                await index.UpdateAsync(contact, null, cancellationToken);
            }

            db.Remove(client);
            await db.SaveChangesAsync(cancellationToken);
            return client.Name;
        }
    }
}
