using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace CrmSaaS.Kernel.Data;

/// <summary>A team: the unit of tenancy. Global (not tenant-owned).</summary>
public class Tenant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Identifier { get; set; }
    public required string Name { get; set; }
    public TenantState State { get; set; } = TenantState.Active;
    public string Currency { get; set; } = "EUR";
    /// <summary>IANA id: the zone of members who did not choose their own.</summary>
    public string TimeZone { get; set; } = CrmSaaS.Kernel.Common.TimeZoneIds.Default;
    public DateTime CreatedAt { get; set; }
    public DateTime? SuspendedAt { get; set; }
    /// <summary>An Organization Manager asked for the team to be deleted: it is, with all its data, after this moment unless they change their mind.</summary>
    public DateTime? DeleteAfter { get; set; }
    public string? DeletionRequestedBy { get; set; }

    public TenantInfo ToInfo() => new(Id, Identifier, Name, State, Currency);
}

/// <summary>A person who can sign in. Global; a membership ties them to a team.</summary>
public class AppUser : IdentityUser<Guid>
{
    public AppUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public string DisplayName { get; set; } = "";
    /// <summary>UI language, "en" or "de".</summary>
    public string Culture { get; set; } = "en";
    /// <summary>IANA id of the person's own time zone; null follows each team's default.</summary>
    public string? TimeZone { get; set; }
    public bool IsSuperadmin { get; set; }
    public DateTime CreatedAt { get; set; }
}

public class Membership : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public AppUser? User { get; set; }
    public TeamRole Role { get; set; }
    public DateTime JoinedAt { get; set; }
}

public class Invitation : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Email { get; set; }
    public TeamRole Role { get; set; }
    [AuditIgnore]
    public required string TokenHash { get; set; }
    public Guid InvitedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastSentAt { get; set; }
    public int SendCount { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public bool IsPending(DateTime now) => AcceptedAt is null && RevokedAt is null && ExpiresAt > now;
}

/// <summary>
/// One signed-in browser: its cookie carries the id, and every request checks that the session has
/// not ended (signed out, or ended by a password change or reset), so a copied cookie dies with it.
/// </summary>
[AuditIgnore]
public class UserSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
}

/// <summary>
/// One sending of a form marked <c>asp-submit-once</c>: its token (rendered into the form) is the key,
/// so the same form sent twice (a double click, a resent request) runs its handler once; the second
/// sending is shown the first one's result.
/// </summary>
[AuditIgnore]
public class FormSubmission
{
    public Guid Token { get; set; }
    public Guid? UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Where the first sending led (its redirect); null while it runs.</summary>
    public string? Location { get; set; }
}

/// <summary>A one-time, short-lived link that signs a user in on a team's subdomain.</summary>
[AuditIgnore]
public class SignInTicket : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
