using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Portal.Domain;

/// <summary>
/// One contact's portal roles, changed by a client admin (in the portal) or the team (from the
/// contact's page): save the roles (an invitation goes out when they do not use the portal yet), send
/// a pending invitation again, or remove every role and the access at once.
/// </summary>
public abstract class PersonPage(ClientPeople people, IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid ContactId { get; set; }

    [BindProperty]
    public PeopleRoles Roles { get; set; } = new();

    public ClientRoster Roster { get; private set; } = null!;

    public ClientPerson Person { get; private set; } = null!;

    /// <summary>Where the page leads back to (and redirects after a change).</summary>
    public abstract string BackUrl { get; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Roles = new PeopleRoles
        {
            BillingContact = Person.BillingContact,
            ClientAdmin = Person.Portal.IsClientAdmin,
            Projects = Person.Projects.ToDictionary(p => p.Key, p => (string?)p.Value.ToString()),
        };
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new SetPersonRolesCommand(ContactId, Roles), cancellationToken);
        await LoadAsync(cancellationToken);
        TempData["Flash"] = Person.Portal.Status == "Invited"
            ? l["The roles of {0} are saved; the invitation to the portal is on its way.", Person.Name].Value
            : l["The roles of {0} are saved.", Person.Name].Value;
        return Redirect(BackUrl);
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new ResendPortalInvitationCommand(ContactId), cancellationToken);
        TempData["Flash"] = l["The invitation was sent again."].Value;
        return Redirect(BackUrl);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new RemovePersonCommand(ContactId), cancellationToken);
        await LoadAsync(cancellationToken);
        TempData["Flash"] = l["{0} no longer has access to the portal.", Person.Name].Value;
        return Redirect(BackUrl);
    }

    public Task ReloadAsync() => LoadAsync(HttpContext.RequestAborted);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var clientId = await people.ClientOfAsync(ContactId, cancellationToken);
        Roster = await people.RosterAsync(clientId, cancellationToken);
        Person = Roster.People.Single(p => p.ContactId == ContactId);
    }
}
