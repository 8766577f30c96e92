using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Live;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Portal.Domain;

/// <summary>A contact's portal access and roles, as the team and the client's admins see and change them.</summary>
/// <param name="Status">"None", "Invited", "Expired", "Active" or "Revoked" (English; views localize it).</param>
public sealed record PortalStatus(string Status, bool IsClientAdmin, DateTime? Since);

/// <summary>
/// Gives, changes and ends client contacts' portal access: the invitation email with its one-time
/// link, the client admin flag, and ending everything a contact had (portal, projects, invoices) at
/// once. Used by the team (a contact's page) and by a client's admins (the portal's people page).
/// </summary>
public sealed class PortalInvitations(AppDbContext db, ICrmDirectory crm, IProjectDirectory projects, IMediator mediator, IEmailOutbox outbox, TenantUrls urls,
    ITenantContext tenant, ICurrentUser user, ILiveUpdates live, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    public async Task<PortalStatus> StatusAsync(Guid contactId, CancellationToken cancellationToken)
    {
        var access = await db.Set<PortalAccess>().AsNoTracking().SingleOrDefaultAsync(a => a.ContactId == contactId, cancellationToken);
        var joinedByProject = await projects.Members.AnyAsync(m => m.ContactId == contactId && m.Active && m.UserId != null, cancellationToken);
        return StatusOf(access, joinedByProject, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>The contact's portal status; someone who uses the portal through an accepted project invitation counts as active.</summary>
    public static PortalStatus StatusOf(PortalAccess? access, bool joinedByProject, DateTime now)
    {
        var status = access is null ? new PortalStatus("None", false, null)
            : access.RevokedAt is not null ? new PortalStatus("Revoked", false, access.RevokedAt)
            : access.AcceptedAt is not null ? new PortalStatus("Active", access.IsClientAdmin, access.AcceptedAt)
            : access.InvitationExpiresAt < now ? new PortalStatus("Expired", access.IsClientAdmin, access.InvitedAt)
            : new PortalStatus("Invited", access.IsClientAdmin, access.InvitedAt);
        return joinedByProject && status.Status != "Active" ? status with { Status = "Active" } : status;
    }

    /// <summary>
    /// Gives the contact portal access (with <paramref name="clientAdmin"/>) or, when they have it,
    /// sets the admin flag. Someone who already uses the portal through a project gets it at once;
    /// anyone else an invitation email — unless <paramref name="sendInvitation"/> is false because
    /// another invitation (a project's) is on its way: then the access waits for them and applies once
    /// they are the contact through that one. Running it twice never sends twice.
    /// </summary>
    public async Task<PortalAccess> GrantAsync(Guid contactId, bool clientAdmin, CancellationToken cancellationToken, bool sendInvitation = true)
    {
        var contact = await crm.Contacts.SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken) ?? throw new NotFoundException("Contact");
        if (contact.ClientId is not { } clientId)
        {
            throw new ValidationFailedException("", l["Only contacts of a client use the client portal."]);
        }

        var access = await db.Set<PortalAccess>().SingleOrDefaultAsync(a => a.ContactId == contactId, cancellationToken);
        if (access is not null && access.RevokedAt is null && access.ClientId == clientId)
        {
            if (access.IsClientAdmin != clientAdmin)
            {
                access.IsClientAdmin = clientAdmin;
                live.Publish(LiveAccess.For(contactId));
            }

            return access;
        }

        if (string.IsNullOrWhiteSpace(contact.Email))
        {
            throw new ValidationFailedException("", l["{0} has no email address to send the invitation to.", contact.FullName]);
        }

        if (access is null)
        {
            access = new PortalAccess { ContactId = contactId };
            db.Add(access);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        access.ClientId = clientId;
        access.Email = contact.Email;
        access.IsClientAdmin = clientAdmin;
        access.RevokedAt = null;
        access.InvitedAt = now;
        access.InvitedBy = user.UserId;
        access.AcceptedAt = null;
        access.UserId = null;
        // Someone already in the portal through a project invitation needs no second invitation.
        var joined = await projects.Members.Where(m => m.ContactId == contactId && m.Active && m.UserId != null).Select(m => m.UserId).FirstOrDefaultAsync(cancellationToken);
        if (joined is { } existing)
        {
            access.UserId = existing;
            access.AcceptedAt = now;
            access.TokenHash = null;
            access.InvitationExpiresAt = null;
            return access;
        }

        access.TokenHash = null;
        access.InvitationExpiresAt = null;
        if (sendInvitation)
        {
            Send(access, contact.FullName);
        }

        return access;
    }

    /// <summary>A fresh link for a pending invitation (the old one stops working).</summary>
    public async Task ResendAsync(Guid contactId, CancellationToken cancellationToken)
    {
        var access = await db.Set<PortalAccess>().SingleOrDefaultAsync(a => a.ContactId == contactId, cancellationToken);
        var name = await crm.Contacts.Where(c => c.Id == contactId).Select(c => c.FirstName + " " + c.LastName).SingleOrDefaultAsync(cancellationToken);
        if (access is null || !access.IsPending || name is null)
        {
            throw new ValidationFailedException("", l["Only pending invitations can be sent again."]);
        }

        Send(access, name.Trim());
    }

    /// <summary>
    /// Ends everything the contact had in the portal at once: the access itself, their project roles
    /// on the client's projects and being a billing contact. Their next request is refused and their
    /// open pages stop hearing events.
    /// </summary>
    public async Task<bool> RemoveAsync(Guid contactId, CancellationToken cancellationToken)
    {
        var clientId = await crm.Contacts.Where(c => c.Id == contactId).Select(c => c.ClientId).SingleOrDefaultAsync(cancellationToken);
        var changed = false;
        var access = await db.Set<PortalAccess>().SingleOrDefaultAsync(a => a.ContactId == contactId, cancellationToken);
        if (access is not null && access.RevokedAt is null)
        {
            access.RevokedAt = clock.GetUtcNow().UtcDateTime;
            access.TokenHash = null;
            access.IsClientAdmin = false;
            changed = true;
        }

        var clientProjects = projects.Projects.Where(p => p.ClientId == clientId).Select(p => p.Id);
        var onProjects = await projects.Members.Where(m => m.ContactId == contactId && clientProjects.Contains(m.ProjectId)).Select(m => m.ProjectId).Distinct().ToListAsync(cancellationToken);
        foreach (var project in onProjects)
        {
            changed |= await mediator.Send(new SetClientContactRoleCommand(project, contactId, null, null), cancellationToken);
        }

        if (clientId is { } client)
        {
            changed |= await mediator.Send(new SetClientBillingContactCommand(client, contactId, false), cancellationToken);
        }

        live.Publish(LiveAccess.For(contactId));
        return changed;
    }

    /// <summary>The user account the contact signs in with, once they joined (through the portal or a project).</summary>
    public async Task<Guid?> UserOfAsync(Guid contactId, CancellationToken cancellationToken) =>
        await db.Set<PortalAccess>().Where(a => a.ContactId == contactId && a.AcceptedAt != null && a.RevokedAt == null).Select(a => a.UserId).FirstOrDefaultAsync(cancellationToken)
        ?? await projects.Members.Where(m => m.ContactId == contactId && m.Active && m.UserId != null).Select(m => m.UserId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The pending invitation a link's token opens; null when it is unknown, used, revoked or expired.</summary>
    public Task<PortalAccess?> PendingAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Task.FromResult<PortalAccess?>(null);
        }

        var hash = Tokens.Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<PortalAccess>().SingleOrDefaultAsync(a => a.TokenHash == hash && a.RevokedAt == null && a.AcceptedAt == null && a.InvitationExpiresAt > now, cancellationToken);
    }

    private void Send(PortalAccess access, string contactName)
    {
        var token = Tokens.New();
        var now = clock.GetUtcNow().UtcDateTime;
        access.TokenHash = Tokens.Hash(token);
        access.InvitedAt = now;
        access.InvitationExpiresAt = now + Lifetime;
        var team = tenant.Tenant!;
        var link = urls.ForTeam(team.Identifier, "/portal/join?token=" + token);
        outbox.Enqueue(access.Email,
            l["{0} invites you to its client portal", team.Name],
            $"{l["Hello {0},", contactName]}\n\n{l["{0} invites you to its client portal, where you see your projects, time and invoices.", team.Name]}\n\n" +
            $"{l["Accept the invitation within 14 days:"]}\n{link}\n");
    }
}
