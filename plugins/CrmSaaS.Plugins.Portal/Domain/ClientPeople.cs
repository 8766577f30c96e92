using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Portal.Domain;

/// <summary>The roles a client admin (or the team) gives a contact: billing contact, client admin, and per project none, Viewer or Collaborator.</summary>
public sealed class PeopleRoles
{
    public bool BillingContact { get; set; }

    public bool ClientAdmin { get; set; }

    /// <summary>Project id → "Viewer", "Collaborator" or empty (not on the project).</summary>
    public Dictionary<Guid, string?> Projects { get; set; } = [];
}

/// <summary>One contact of the client on the people page.</summary>
/// <param name="Projects">Project id → role, for the projects they are on.</param>
public sealed record ClientPerson(Guid ContactId, string Name, string? Email, PortalStatus Portal, bool BillingContact, IReadOnlyDictionary<Guid, ProjectRole> Projects, bool IsMe)
{
    public bool HasAnyRole => BillingContact || Portal.IsClientAdmin || Projects.Count > 0;
}

/// <summary>A client's people as its admin manages them.</summary>
public sealed record ClientRoster(Guid ClientId, string ClientName, IReadOnlyList<ClientProjectSummary> Projects, IReadOnlyList<ClientPerson> People);

/// <summary>
/// Who of a client has which portal roles, and changing them: inviting a colleague (a new contact of
/// the client when the team does not know the address yet), setting roles, removing someone. A client
/// admin does it for the clients they are an admin of, never on themselves (another admin or the team
/// does that), so nobody locks themselves out; a team member holding
/// <see cref="PortalPermissions.TeamManage"/> does it for any client of the team.
/// </summary>
public sealed class ClientPeople(PortalViewer viewer, PortalInvitations invitations, IMediator mediator, ICrmDirectory crm, AppDbContext db, ICurrentUser user,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<ClientRoster> RosterAsync(Guid clientId, CancellationToken cancellationToken)
    {
        await ManagerOfAsync(clientId, cancellationToken);
        var mine = user.IsClientContact ? (await viewer.SightAsync(cancellationToken)).Contacts : [];
        var name = await crm.Clients.Where(c => c.Id == clientId).Select(c => c.Name).SingleAsync(cancellationToken);
        var contacts = await crm.Contacts.Where(c => c.ClientId == clientId).OrderBy(c => c.LastName).ThenBy(c => c.FirstName)
            .Select(c => new { c.Id, c.FirstName, c.LastName, c.Email }).ToListAsync(cancellationToken);
        var ids = contacts.Select(c => c.Id).ToList();
        var accesses = await db.Set<PortalAccess>().AsNoTracking().Where(a => ids.Contains(a.ContactId)).ToDictionaryAsync(a => a.ContactId, cancellationToken);
        var projects = await mediator.Send(new ClientProjectPeopleQuery(clientId), cancellationToken);
        var billing = (await mediator.Send(new ClientBillingContactsQuery(clientId), cancellationToken)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        var people = contacts.Select(c =>
        {
            var roles = projects.Roles.Where(r => r.ContactId == c.Id).ToDictionary(r => r.ProjectId, r => r.Role);
            var status = PortalInvitations.StatusOf(accesses.GetValueOrDefault(c.Id), projects.Roles.Any(r => r.ContactId == c.Id && r.Joined), now);

            return new ClientPerson(c.Id, $"{c.FirstName} {c.LastName}".Trim(), c.Email, status, billing.Contains(c.Id), roles, mine.Contains(c.Id));
        }).ToList();
        return new ClientRoster(clientId, name, projects.Projects, people);
    }

    /// <summary>Invites a colleague by name and address with their roles; returns their contact id.</summary>
    public async Task<Guid> InviteAsync(Guid clientId, string firstName, string lastName, string email, PeopleRoles roles, CancellationToken cancellationToken)
    {
        await ManagerOfAsync(clientId, cancellationToken);
        var contactId = await mediator.Send(new AddClientColleagueCommand(clientId, firstName, lastName, email), cancellationToken);
        await ApplyAsync(clientId, contactId, roles, cancellationToken);
        return contactId;
    }

    public async Task SetRolesAsync(Guid contactId, PeopleRoles roles, CancellationToken cancellationToken)
    {
        var clientId = await ColleagueAsync(contactId, cancellationToken);
        await ApplyAsync(clientId, contactId, roles, cancellationToken);
    }

    public async Task RemoveAsync(Guid contactId, CancellationToken cancellationToken)
    {
        await ColleagueAsync(contactId, cancellationToken);
        await invitations.RemoveAsync(contactId, cancellationToken);
    }

    public async Task ResendAsync(Guid contactId, CancellationToken cancellationToken)
    {
        await ColleagueAsync(contactId, cancellationToken);
        await invitations.ResendAsync(contactId, cancellationToken);
    }

    /// <summary>The client of a contact the signed-in user may manage; "not found" for anyone else, a message for a client admin's own access.</summary>
    public async Task<Guid> ColleagueAsync(Guid contactId, CancellationToken cancellationToken)
    {
        var clientId = await ClientOfAsync(contactId, cancellationToken);
        if (user.IsClientContact && (await viewer.SightAsync(cancellationToken)).Contacts.Contains(contactId))
        {
            throw new ValidationFailedException("", l["You cannot change your own access. Ask another client admin or the team."]);
        }

        return clientId;
    }

    /// <summary>The client of a contact whose people the signed-in user manages; "not found" for anyone else.</summary>
    public async Task<Guid> ClientOfAsync(Guid contactId, CancellationToken cancellationToken)
    {
        var clientId = await crm.Contacts.Where(c => c.Id == contactId).Select(c => c.ClientId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Contact");
        await ManagerOfAsync(clientId, cancellationToken);
        return clientId;
    }

    /// <summary>"Not found" unless the signed-in user manages the client's people: its client admin, or a team member allowed to.</summary>
    public async Task ManagerOfAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var manages = user.IsClientContact
            ? (await viewer.SightAsync(cancellationToken)).AdminClients.Contains(clientId)
            : user.Has(PortalPermissions.TeamManage) && await crm.Clients.AnyAsync(c => c.Id == clientId, cancellationToken);
        if (!manages)
        {
            throw new NotFoundException("Client");
        }
    }

    /// <summary>
    /// Gives the contact exactly <paramref name="roles"/> on <paramref name="clientId"/>: portal access
    /// (an invitation unless they already use the portal) with the admin flag, each project's role and
    /// being a billing contact. Shared with the team's side.
    /// </summary>
    public async Task ApplyAsync(Guid clientId, Guid contactId, PeopleRoles roles, CancellationToken cancellationToken)
    {
        var projects = (await mediator.Send(new ClientProjectPeopleQuery(clientId), cancellationToken)).Projects.Select(p => p.Id).ToHashSet();
        var wanted = new Dictionary<Guid, ProjectRole>();
        foreach (var (projectId, value) in roles.Projects)
        {
            if (!projects.Contains(projectId))
            {
                throw new ValidationFailedException("Roles.Projects", l["Choose projects of your company only."]);
            }

            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            wanted[projectId] = value switch
            {
                nameof(ProjectRole.Viewer) => ProjectRole.Viewer,
                nameof(ProjectRole.Collaborator) => ProjectRole.Collaborator,
                _ => throw new ValidationFailedException($"Roles.Projects[{projectId}]", l["Client contacts take part as Project Viewer or Collaborator."]),
            };
        }

        var access = await invitations.GrantAsync(contactId, roles.ClientAdmin, cancellationToken);
        var user = access.IsActive ? access.UserId : await invitations.UserOfAsync(contactId, cancellationToken);
        foreach (var project in projects)
        {
            await mediator.Send(new SetClientContactRoleCommand(project, contactId, wanted.TryGetValue(project, out var role) ? role : null, user), cancellationToken);
        }

        await mediator.Send(new SetClientBillingContactCommand(clientId, contactId, roles.BillingContact), cancellationToken);
    }
}

/// <summary>A client admin (or the team) invites a colleague of <paramref name="ClientId"/> with their roles; returns the contact's id.</summary>
[RequiresPermission(PortalPermissions.Access, PortalPermissions.TeamManage)]
public sealed record InviteColleagueCommand(Guid ClientId, string FirstName, string LastName, string Email, PeopleRoles Roles) : IRequest<Guid>;

/// <summary>Gives the contact exactly these roles (and portal access, by invitation when they do not use it yet).</summary>
[RequiresPermission(PortalPermissions.Access, PortalPermissions.TeamManage)]
public sealed record SetPersonRolesCommand(Guid ContactId, PeopleRoles Roles) : IRequest;

/// <summary>Ends the contact's portal access, project roles and billing-contact role at once.</summary>
[RequiresPermission(PortalPermissions.Access, PortalPermissions.TeamManage)]
public sealed record RemovePersonCommand(Guid ContactId) : IRequest;

/// <summary>Sends a pending portal invitation again with a fresh link.</summary>
[RequiresPermission(PortalPermissions.Access, PortalPermissions.TeamManage)]
public sealed record ResendPortalInvitationCommand(Guid ContactId) : IRequest;

public sealed class ClientPeopleHandlers(ClientPeople people, AppDbContext db)
    : IRequestHandler<InviteColleagueCommand, Guid>, IRequestHandler<SetPersonRolesCommand>, IRequestHandler<RemovePersonCommand>, IRequestHandler<ResendPortalInvitationCommand>
{
    public async ValueTask<Guid> Handle(InviteColleagueCommand command, CancellationToken cancellationToken)
    {
        var contactId = await people.InviteAsync(command.ClientId, command.FirstName, command.LastName, command.Email, command.Roles, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return contactId;
    }

    public async ValueTask<Unit> Handle(SetPersonRolesCommand command, CancellationToken cancellationToken)
    {
        await people.SetRolesAsync(command.ContactId, command.Roles, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }

    public async ValueTask<Unit> Handle(RemovePersonCommand command, CancellationToken cancellationToken)
    {
        await people.RemoveAsync(command.ContactId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }

    public async ValueTask<Unit> Handle(ResendPortalInvitationCommand command, CancellationToken cancellationToken)
    {
        await people.ResendAsync(command.ContactId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
