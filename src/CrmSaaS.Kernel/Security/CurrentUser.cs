using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace CrmSaaS.Kernel.Security;

public static class AppClaims
{
    public const string Tenant = "crmsaas:tenant";
    public const string TeamRole = "crmsaas:team_role";
    public const string Superadmin = "crmsaas:superadmin";
    public const string DisplayName = "crmsaas:name";
    /// <summary>The server-side session (<c>UserSession</c>) the cookie belongs to.</summary>
    public const string Session = "crmsaas:sid";
    /// <summary>Set, instead of a team role, for a client contact with portal access to the team.</summary>
    public const string ClientContact = "crmsaas:client_contact";
}

/// <summary>Permissions of the service operator (Superadmin) on the root domain; no team role holds them.</summary>
public static class PlatformPermissions
{
    public const string Prefix = "platform.";
    public const string TeamsManage = "platform.teams.manage";
    /// <summary>See and retry the background work that failed: event deliveries, emails, job runs.</summary>
    public const string Operations = "platform.operations";
}

/// <summary>Who is acting, and what they may do in the current team: a signed-in person or a <see cref="SystemActor"/>.</summary>
public interface ICurrentUser
{
    /// <summary>The signed-in person; null when signed out or when a system actor acts.</summary>
    Guid? UserId { get; }
    string? DisplayName { get; }
    TeamRole? Role { get; }
    bool IsSuperadmin { get; }
    /// <summary>A client contact: no team role, only the projects they were invited to.</summary>
    bool IsClientContact { get; }
    /// <summary>The background work acting now, if any.</summary>
    SystemActor? System { get; }
    bool Has(string permission);
}

public static class CurrentUserExtensions
{
    /// <summary>The signed-in person, for handlers that act on someone's behalf; a clear error when nobody is.</summary>
    public static Guid RequireUserId(this ICurrentUser user) =>
        user.UserId ?? throw new SignedInUserRequiredException(user.System?.DisplayName);
}

/// <summary>The system actor of background work when one is current, else the request's principal.</summary>
public sealed class CurrentUser(IHttpContextAccessor http, PermissionMatrix matrix) : ICurrentUser
{
    private ClaimsPrincipal? Principal => SystemActor.Current is null ? http.HttpContext?.User : null;

    public SystemActor? System => SystemActor.Current;

    public Guid? UserId => Guid.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string? DisplayName => System?.DisplayName ?? Principal?.FindFirstValue(AppClaims.DisplayName) ?? Principal?.Identity?.Name;

    public TeamRole? Role => Enum.TryParse<TeamRole>(Principal?.FindFirstValue(AppClaims.TeamRole), out var role) ? role : null;

    public bool IsSuperadmin => Principal?.HasClaim(AppClaims.Superadmin, "true") == true;

    public bool IsClientContact => Principal?.HasClaim(AppClaims.ClientContact, "true") == true;

    public bool Has(string permission) =>
        System is { } system ? system.Permissions.Contains(permission)
        : permission.StartsWith(PlatformPermissions.Prefix, StringComparison.Ordinal) ? IsSuperadmin
        : permission.StartsWith(PortalPermissions.Prefix, StringComparison.Ordinal) ? IsClientContact && Role is null
        : Role is { } role && matrix.Grants(role, permission);
}

/// <summary>Thrown when the current user may not run a command; the host answers 403.</summary>
public sealed class ForbiddenException(string permission)
    : Exception($"The current user lacks the permission '{permission}'.")
{
    public string Permission { get; } = permission;
}

/// <summary>Thrown when an entity is not found in the current team; the host answers 404.</summary>
public sealed class NotFoundException(string what) : Exception($"{what} was not found.");
