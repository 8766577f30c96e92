using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Live;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Projects.Contracts;

/// <summary>
/// The onboarding choices (keys of <see cref="ClientCreated.Onboarding"/>) under which a new client's
/// representatives get a project invitation by email, so other plugins giving them more send none of their own.
/// </summary>
public static class RepresentativeOnboarding
{
    public const string CreateProject = "Projects.CreateProject";
    public const string InviteRepresentatives = "Projects.InviteRepresentatives";

    public static bool InvitesRepresentatives(ClientCreated created) => created.IsOn(CreateProject) && created.IsOn(InviteRepresentatives);
}

/// <summary>A project of a client, as its client admin chooses roles on it.</summary>
public sealed record ClientProjectSummary(Guid Id, string Name, ProjectStatus Status);

/// <summary>A contact's role on a project of their client; <paramref name="Joined"/> once they use the portal (before that the role waits for them).</summary>
public sealed record ClientContactRole(Guid ProjectId, Guid ContactId, ProjectRole Role, bool Joined);

/// <summary>The client's projects (archived ones left out) and its contacts' roles on them.</summary>
public sealed record ClientProjectPeople(IReadOnlyList<ClientProjectSummary> Projects, IReadOnlyList<ClientContactRole> Roles);

/// <summary>
/// For the client portal's people page: the projects of <paramref name="ClientId"/> and who of its
/// contacts takes part in which, with what role. The caller has checked that the signed-in contact
/// is an admin of that client.
/// </summary>
[RequiresPermission(PortalPermissions.Access, PortalPermissions.TeamManage)]
public sealed record ClientProjectPeopleQuery(Guid ClientId) : IQuery<ClientProjectPeople>;

/// <summary>
/// Gives a contact a role on a project of their own client, changes it, or (with a null role) takes
/// it away. When <paramref name="UserId"/> is known (the contact already uses the portal) the role
/// applies at once; otherwise it waits until the contact joins (<see cref="ClientContactJoinedCommand"/>).
/// No invitation email: the portal invitation is the one they get. Returns whether anything changed.
/// </summary>
[RequiresPermission(PortalPermissions.Access, PortalPermissions.TeamManage)]
public sealed record SetClientContactRoleCommand(Guid ProjectId, Guid ContactId, ProjectRole? Role, Guid? UserId) : IRequest<bool>;

/// <summary>The contact accepted their portal invitation as <paramref name="UserId"/>: the project roles waiting for them apply.</summary>
[RequiresPermission(PortalPermissions.Access, PortalPermissions.TeamManage)]
public sealed record ClientContactJoinedCommand(Guid ContactId, Guid UserId) : IRequest<int>;

public sealed class ClientPeopleHandlers(AppDbContext db, ICrmDirectory crm, ICurrentUser user, ContactInvitations invitations, ProjectFeed feed, ILiveUpdates live,
    TimeProvider clock, IStringLocalizer<Kernel.Localization.SharedResource> l)
    : IQueryHandler<ClientProjectPeopleQuery, ClientProjectPeople>, IRequestHandler<SetClientContactRoleCommand, bool>, IRequestHandler<ClientContactJoinedCommand, int>
{
    public async ValueTask<ClientProjectPeople> Handle(ClientProjectPeopleQuery query, CancellationToken cancellationToken)
    {
        var projects = await db.Set<Project>().AsNoTracking().Where(p => p.ClientId == query.ClientId && p.Status != ProjectStatus.Archived)
            .OrderBy(p => p.Name).Select(p => new ClientProjectSummary(p.Id, p.Name, p.Status)).ToListAsync(cancellationToken);
        var ids = projects.Select(p => p.Id).ToList();
        var contacts = crm.Contacts.Where(c => c.ClientId == query.ClientId).Select(c => c.Id);
        var roles = await db.Set<ProjectMember>().AsNoTracking()
            .Where(m => ids.Contains(m.ProjectId) && m.ContactId != null && m.RevokedAt == null && contacts.Contains(m.ContactId!.Value))
            .Select(m => new ClientContactRole(m.ProjectId, m.ContactId!.Value, m.Role, m.AcceptedAt != null)).ToListAsync(cancellationToken);
        return new ClientProjectPeople(projects, roles);
    }

    public async ValueTask<bool> Handle(SetClientContactRoleCommand command, CancellationToken cancellationToken)
    {
        if (command.Role is not (null or ProjectRole.Viewer or ProjectRole.Collaborator))
        {
            throw new ValidationFailedException("Role", l["Client contacts take part as Project Viewer or Collaborator."]);
        }

        var project = await db.Set<Project>().SingleOrDefaultAsync(p => p.Id == command.ProjectId, cancellationToken) ?? throw new NotFoundException("Project");
        var contact = await crm.Contacts.SingleOrDefaultAsync(c => c.Id == command.ContactId && c.ClientId == project.ClientId, cancellationToken)
            ?? throw new NotFoundException("Contact");
        var member = await db.Set<ProjectMember>().SingleOrDefaultAsync(m => m.ProjectId == project.Id && m.ContactId == contact.Id, cancellationToken);
        var active = member is not null && member.RevokedAt is null;
        if (command.Role is not { } role)
        {
            if (!active)
            {
                return false;
            }

            invitations.Revoke(member!);
            return true;
        }

        if (active)
        {
            if (member!.Role == role)
            {
                return false;
            }

            member.Role = role;
            live.Publish(LiveAccess.For(contact.Id));
            return true;
        }

        if (project.Status == ProjectStatus.Archived)
        {
            throw new NotFoundException("Project");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (member is null)
        {
            member = new ProjectMember { ProjectId = project.Id, ContactId = contact.Id };
            db.Add(member);
        }

        member.Role = role;
        member.AddedBy = user.UserId ?? Guid.Empty;
        member.AddedAt = now;
        member.InvitedAt = now;
        member.InvitationExpiresAt = null;
        member.TokenHash = null;
        member.RevokedAt = null;
        member.Email = contact.Email;
        member.UserId = command.UserId;
        member.AcceptedAt = command.UserId is null ? null : now;
        await feed.RecordAsync(project, UpdateKind.MemberAdded, member.AddedBy, contact.FullName, visibleToClient: false,
            detail: ContactInvitations.RoleLabel(role), cancellationToken: cancellationToken);
        return true;
    }

    public async ValueTask<int> Handle(ClientContactJoinedCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var waiting = await db.Set<ProjectMember>().Where(m => m.ContactId == command.ContactId && m.RevokedAt == null && m.AcceptedAt == null).ToListAsync(cancellationToken);
        foreach (var member in waiting)
        {
            member.UserId = command.UserId;
            member.AcceptedAt = now;
            member.TokenHash = null;
        }

        return waiting.Count;
    }
}
