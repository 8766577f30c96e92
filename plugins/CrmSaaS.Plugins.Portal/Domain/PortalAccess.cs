using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Portal.Domain;

/// <summary>
/// A client contact's access to the team's client portal, whatever projects they follow: invited by
/// email (a one-time link, 14 days), accepted as a user account, revoked. A billing contact needs no
/// project to sign in; a client admin (<see cref="IsClientAdmin"/>) invites and removes colleagues of
/// the same client and chooses their roles.
/// </summary>
public class PortalAccess : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ContactId { get; set; }
    /// <summary>The client the access was given for; moving the contact to another client ends it.</summary>
    public Guid ClientId { get; set; }
    /// <summary>The address the invitation went to.</summary>
    public string Email { get; set; } = "";
    public Guid? UserId { get; set; }
    public bool IsClientAdmin { get; set; }
    [AuditIgnore]
    public string? TokenHash { get; set; }
    public DateTime InvitedAt { get; set; }
    public DateTime? InvitationExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>The member or client admin who gave the access.</summary>
    public Guid? InvitedBy { get; set; }

    public bool IsActive => RevokedAt is null && AcceptedAt is not null && UserId is not null;

    public bool IsPending => RevokedAt is null && AcceptedAt is null;
}

internal static class PortalModel
{
    public static void Configure(ModelBuilder b) =>
        b.Entity<PortalAccess>(e =>
        {
            e.ToTable("PtlAccesses");
            e.Property(a => a.Email).HasMaxLength(256);
            e.Property(a => a.TokenHash).HasMaxLength(128);
            e.HasIndex(a => new { a.TenantId, a.ContactId }).IsUnique();
            e.HasIndex(a => new { a.TenantId, a.UserId });
            e.HasIndex(a => new { a.TenantId, a.ClientId });
            e.HasIndex(a => a.TokenHash);
            e.ReferencesContact(a => a.ContactId, DeleteBehavior.Cascade);
            e.ReferencesClient(a => a.ClientId, DeleteBehavior.Cascade);
        });
}

/// <summary>Client contacts with accepted, unrevoked portal access, still of the client it was given for, may use the team's portal.</summary>
public sealed class PortalGuestAccess(AppDbContext db, ICrmDirectory crm) : IGuestAccess
{
    public async Task<IReadOnlyList<Guid>> ContactsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var contacts = crm.Contacts;
        return await db.Set<PortalAccess>().AsNoTracking()
            .Where(a => a.UserId == userId && a.AcceptedAt != null && a.RevokedAt == null && contacts.Any(c => c.Id == a.ContactId && c.ClientId == a.ClientId))
            .Select(a => a.ContactId).ToListAsync(cancellationToken);
    }
}
