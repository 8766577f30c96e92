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

[RequiresPermission(CrmPermissions.Read)]
public sealed class DetailsModel(IMediator mediator, CrmAccess access, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public View Contact { get; private set; } = null!;

    public IReadOnlyList<ActivityRow> Activities { get; private set; } = [];

    public ActivityInput Activity { get; private set; } = new();

    public IReadOnlyList<(Guid Id, string Name)> Members { get; private set; } = [];

    public bool CanLog => user.Has(CrmPermissions.ActivitiesLog);

    public bool CanReassign => user.Has(CrmPermissions.Reassign);

    public bool CanErase => user.Has(CrmPermissions.ContactsErase);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Contact = await mediator.Send(new Query(Id), cancellationToken);
        Activities = await mediator.Send(new Plugins.Crm.Activities.Timeline(Id, null), cancellationToken);
        Members = CanReassign ? await access.MembersAsync(cancellationToken) : [];
    }

    public Task ReloadAsync() => OnGetAsync(HttpContext.RequestAborted);

    private RedirectResult Back(string? fragment = null) => Redirect(Url.Page("/Contacts/Details", new { area = "Crm", id = Id }) + fragment);

    public async Task<IActionResult> OnPostLogAsync([Bind(Prefix = "Activity")] ActivityInput activity, CancellationToken cancellationToken)
    {
        Activity = activity;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(new Plugins.Crm.Activities.Log(Id, null, activity), cancellationToken);
        TempData["Flash"] = l["Activity logged."].Value;
        return Back("#activities");
    }

    public async Task<IActionResult> OnPostDoneAsync(Guid activityId, bool done, CancellationToken cancellationToken)
    {
        await mediator.Send(new Plugins.Crm.Activities.SetDone(activityId, done), cancellationToken);
        return Back("#activities");
    }

    public async Task<IActionResult> OnPostReassignAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        await mediator.Send(new Reassign(Id, ownerId), cancellationToken);
        TempData["Flash"] = l["The owner has been changed."].Value;
        return Back();
    }

    /// <summary>Erases the person's data everywhere in the team (after the page's confirmation); says what was done.</summary>
    public async Task<IActionResult> OnPostEraseAsync(CancellationToken cancellationToken)
    {
        var done = await mediator.Send(new EraseContact(Id), cancellationToken);
        TempData["Flash"] = string.Join(" ", new[] { l["The contact's personal data has been erased."].Value }.Concat(done.Select(d => d + ".")));
        return Back();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var name = await mediator.Send(new Delete(Id), cancellationToken);
        TempData["Flash"] = l["Contact {0} deleted.", name].Value;
        return Redirect(Url.Page("/Contacts/Index", new { area = "Crm" })!);
    }

    public sealed record View(Contact Contact, string? ClientName, string Owner, IReadOnlyList<string> Assignees, bool CanEdit);

    [RequiresPermission(CrmPermissions.Read)]
    public sealed record Query(Guid Id) : IQuery<View>;

    [RequiresPermission(CrmPermissions.Reassign)]
    public sealed record Reassign(Guid ContactId, Guid OwnerId) : IRequest;

    [RequiresPermission(CrmPermissions.ContactsEditOwn)]
    public sealed record Delete(Guid Id) : IRequest<string>;

    public sealed class Handlers(AppDbContext db, CrmAccess access, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IQueryHandler<Query, View>, IRequestHandler<Reassign>, IRequestHandler<Delete, string>
    {
        public async ValueTask<View> Handle(Query query, CancellationToken cancellationToken)
        {
            var contact = await db.Set<Contact>().AsNoTracking().Include(c => c.Assignees).Include(c => c.Client)
                .SingleOrDefaultAsync(c => c.Id == query.Id, cancellationToken) ?? throw new NotFoundException("Contact");
            var people = contact.Assignees.Select(a => a.UserId).Append(contact.OwnerId).ToList();
            var names = await db.Users.Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            return new View(contact, contact.Client?.Name, names.GetValueOrDefault(contact.OwnerId, ""),
                contact.Assignees.Select(a => names.GetValueOrDefault(a.UserId, "")).Order().ToList(),
                await access.CanEditContactAsync(contact.Id, contact.OwnerId, cancellationToken));
        }

        public async ValueTask<Unit> Handle(Reassign command, CancellationToken cancellationToken)
        {
            var contact = await db.Set<Contact>().SingleOrDefaultAsync(c => c.Id == command.ContactId, cancellationToken)
                ?? throw new NotFoundException("Contact");
            if (!(await access.MemberIdsAsync(cancellationToken)).Contains(command.OwnerId))
            {
                throw new Kernel.Validation.ValidationFailedException("ownerId", l["Choose a member of this team."]);
            }

            contact.OwnerId = command.OwnerId;
            contact.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<string> Handle(Delete command, CancellationToken cancellationToken)
        {
            var contact = await db.Set<Contact>().SingleOrDefaultAsync(c => c.Id == command.Id, cancellationToken)
                ?? throw new NotFoundException("Contact");
            await access.EnsureCanEditContactAsync(contact, cancellationToken);
            db.Remove(contact);
            await db.SaveChangesAsync(cancellationToken);
            return contact.FullName;
        }
    }
}
