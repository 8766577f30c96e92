using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Portal.Domain;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Portal.Areas.Portal.Pages.People;

/// <summary>
/// A client admin's people: who of their company has which roles, and inviting a colleague with
/// theirs. Other contacts see who their client admins are.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed class IndexModel(PortalViewer viewer, ClientPeople people, IMediator mediator, ICrmDirectory crm, AppDbContext db, IStringLocalizer<SharedResource> l)
    : PageModel, IReloadOnInvalid
{
    public IReadOnlyList<ClientRoster> Rosters { get; private set; } = [];

    /// <summary>For contacts who are no client admin: who is.</summary>
    public IReadOnlyList<string> Admins { get; private set; } = [];

    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    [BindProperty]
    public PeopleRoles Roles { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        try
        {
            await mediator.Send(new InviteColleagueCommand(Invite.ClientId, Invite.FirstName, Invite.LastName, Invite.Email, Roles), cancellationToken);
        }
        catch (Kernel.Validation.ValidationFailedException invalid)
        {
            // The CRM names the colleague's fields without this form's prefix.
            foreach (var (field, messages) in invalid.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field is "FirstName" or "LastName" or "Email" ? "Invite." + field : field, message);
                }
            }

            await LoadAsync(cancellationToken);
            return new PageResult { StatusCode = StatusCodes.Status422UnprocessableEntity };
        }

        TempData["Flash"] = l["{0} was given access. New colleagues get an invitation by email.", $"{Invite.FirstName} {Invite.LastName}".Trim()].Value;
        return Redirect("/portal/people");
    }

    public Task ReloadAsync() => LoadAsync(HttpContext.RequestAborted);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var sight = await viewer.SightAsync(cancellationToken);
        var rosters = new List<ClientRoster>();
        foreach (var client in sight.AdminClients)
        {
            rosters.Add(await people.RosterAsync(client, cancellationToken));
        }

        Rosters = rosters;
        if (Invite.ClientId == Guid.Empty && rosters.Count > 0)
        {
            Invite.ClientId = rosters[0].ClientId;
        }

        if (rosters.Count == 0)
        {
            var clients = sight.Clients.ToList();
            var admins = await db.Set<PortalAccess>().AsNoTracking()
                .Where(a => clients.Contains(a.ClientId) && a.IsClientAdmin && a.AcceptedAt != null && a.RevokedAt == null).Select(a => a.ContactId).ToListAsync(cancellationToken);
            Admins = await crm.Contacts.Where(c => admins.Contains(c.Id) && c.ClientId != null && clients.Contains(c.ClientId.Value))
                .OrderBy(c => c.LastName).Select(c => c.FirstName + " " + c.LastName).ToListAsync(cancellationToken);
        }
    }

    public sealed class InviteInput
    {
        public Guid ClientId { get; set; }

        [Required(ErrorMessage = "Enter the first name.")]
        [StringLength(100, ErrorMessage = "Use at most {1} characters.")]
        public string FirstName { get; set; } = "";

        [Required(ErrorMessage = "Enter the last name.")]
        [StringLength(100, ErrorMessage = "Use at most {1} characters.")]
        public string LastName { get; set; } = "";

        [Required(ErrorMessage = "Enter the email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(256, ErrorMessage = "Use at most {1} characters.")]
        public string Email { get; set; } = "";
    }
}
