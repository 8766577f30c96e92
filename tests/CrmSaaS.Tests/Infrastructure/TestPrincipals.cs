using System.Security.Claims;
using CrmSaaS.Kernel.Security;

namespace CrmSaaS.Tests.Infrastructure;

/// <summary>Principals for calling handlers directly, without a page in front of them.</summary>
public static class TestPrincipals
{
    public static ClaimsPrincipal Member(Guid userId, TeamRole role, Guid tenantId) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, userId.ToString()),
        new Claim(AppClaims.Tenant, tenantId.ToString()),
        new Claim(AppClaims.TeamRole, role.ToString()),
    ], "Test"));

    public static ClaimsPrincipal Superadmin() => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()),
        new Claim(AppClaims.Superadmin, "true"),
    ], "Test"));
}
