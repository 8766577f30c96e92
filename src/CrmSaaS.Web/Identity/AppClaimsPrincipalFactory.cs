using System.Security.Claims;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CrmSaaS.Web.Identity;

/// <summary>
/// Binds a sign-in to the site it happened on: a team's id on a subdomain, the Superadmin flag on
/// the root domain. A cookie carried to another host is so never valid there.
/// </summary>
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options, ITenantContext tenant)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaims.DisplayName, user.DisplayName));
        if (tenant.Tenant is { } team)
        {
            identity.AddClaim(new Claim(AppClaims.Tenant, team.Id.ToString()));
        }
        else if (user.IsSuperadmin)
        {
            identity.AddClaim(new Claim(AppClaims.Superadmin, "true"));
        }

        return identity;
    }
}
