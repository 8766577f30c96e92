using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects.Domain;

/// <summary>Invites a client's contacts to one of the client's projects, by email with a one-time accept link.</summary>
public sealed class ContactInvitations(AppDbContext db, ICrmDirectory crm, IEmailOutbox outbox, TenantUrls urls, ITenantContext tenant, ProjectFeed feed, TimeProvider clock,
    Kernel.Live.ILiveUpdates live, IStringLocalizer<SharedResource> l)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <summary>
    /// Invites the contact (or re-invites after a revoke). Does nothing when the contact already has
    /// a pending or accepted invitation to the project, so running it twice never sends twice.
    /// </summary>
    /// <returns>The member row, new or existing.</returns>
    public async Task<ProjectMember> InviteAsync(Project project, Guid contactId, ProjectRole role, Guid actorId, CancellationToken cancellationToken)
    {
        if (role is not (ProjectRole.Viewer or ProjectRole.Collaborator))
        {
            throw new ValidationFailedException("Role", l["Client contacts take part as Project Viewer or Collaborator."]);
        }

        var contact = await crm.Contacts.SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken);
        if (contact is null || contact.ClientId != project.ClientId)
        {
            throw new ValidationFailedException("ContactId", l["Choose a contact of this project's client."]);
        }

        if (string.IsNullOrWhiteSpace(contact.Email))
        {
            throw new ValidationFailedException("ContactId", l["{0} has no email address to send the invitation to.", contact.FullName]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var member = await db.Set<ProjectMember>().SingleOrDefaultAsync(m => m.ProjectId == project.Id && m.ContactId == contactId, cancellationToken);
        if (member is not null && member.RevokedAt is null)
        {
            return member;
        }

        if (member is null)
        {
            member = new ProjectMember { ProjectId = project.Id, ContactId = contactId, AddedBy = actorId };
            db.Add(member);
        }

        member.Role = role;
        member.RevokedAt = null;
        member.AcceptedAt = null;
        member.UserId = null;
        member.AddedAt = now;
        member.Email = contact.Email;
        Send(project, member, contact.FullName);
        await feed.RecordAsync(project, UpdateKind.MemberAdded, actorId, contact.FullName, visibleToClient: false, detail: RoleLabel(role), cancellationToken: cancellationToken);
        return member;
    }

    /// <summary>A fresh link for a pending invitation (the old one stops working).</summary>
    public void Resend(Project project, ProjectMember member, string contactName)
    {
        if (member.ContactId is null || member.RevokedAt is not null || member.AcceptedAt is not null)
        {
            throw new ValidationFailedException("", l["Only pending invitations can be sent again."]);
        }

        Send(project, member, contactName);
    }

    /// <summary>Ends the contact's access at once; their next request no longer sees the project, and their open pages stop hearing of it.</summary>
    public void Revoke(ProjectMember member)
    {
        member.RevokedAt = clock.GetUtcNow().UtcDateTime;
        member.TokenHash = null;
        live.Publish(Kernel.Live.LiveAccess.For(member.ContactId ?? member.Id));
    }

    public static string RoleLabel(ProjectRole role) => role switch
    {
        ProjectRole.ProjectManager => "Project Manager",
        ProjectRole.Member => "Member",
        ProjectRole.Viewer => "Project Viewer",
        _ => "Collaborator",
    };

    private void Send(Project project, ProjectMember member, string contactName)
    {
        var token = Tokens.New();
        var now = clock.GetUtcNow().UtcDateTime;
        member.TokenHash = Tokens.Hash(token);
        member.InvitedAt = now;
        member.InvitationExpiresAt = now + Lifetime;
        var team = tenant.Tenant!;
        var link = urls.ForTeam(team.Identifier, "/portal/invitations/accept?token=" + token);
        outbox.Enqueue(member.Email!,
            l["{0} invites you to the project {1}", team.Name, project.Name],
            $"{l["Hello {0},", contactName]}\n\n{l["{0} invites you to follow the project {1} as {2}.", team.Name, project.Name, l[RoleLabel(member.Role)]]}\n\n" +
            $"{l["Accept the invitation within 14 days:"]}\n{link}\n");
    }
}
