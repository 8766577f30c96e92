using System.Security.Claims;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Identity;

/// <summary>
/// Runs on every authenticated request: the cookie's session must be open, the cookie must belong to this site, and on a team's
/// subdomain the user must still be a member or a client contact with portal access. The current
/// role (or contact status) is read here, so a role change, removal or revoked access takes effect
/// on the next request.
/// </summary>
public static class SitePrincipalValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal?.Identity is not ClaimsIdentity identity || !identity.IsAuthenticated)
        {
            return;
        }

        // The cookie's session must still be open: signed out, or ended by a password change, is refused at once.
        // The same statement reads the user's current role in the team (checked below on a team's subdomain).
        var access = context.HttpContext.RequestServices.GetRequiredService<SiteAccess>();
        if (UserSessions.IdOf(context.Principal) is not { } session || !Guid.TryParse(identity.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId)
            || await access.SessionAsync(session, userId, context.HttpContext.RequestAborted) is not { } open)
        {
            await RejectAsync(context);
            return;
        }

        var tenant = context.HttpContext.RequestServices.GetRequiredService<ITenantContext>().Tenant;
        var claimedTenant = identity.FindFirst(AppClaims.Tenant)?.Value;
        if (tenant is null)
        {
            if (claimedTenant is not null || !identity.HasClaim(AppClaims.Superadmin, "true"))
            {
                await RejectAsync(context);
            }

            return;
        }

        if (claimedTenant != tenant.Id.ToString())
        {
            await RejectAsync(context);
            return;
        }

        var role = open.Role;
        var guest = role is null && (await context.HttpContext.RequestServices.GetRequiredService<GuestContacts>().OfUserAsync(userId, context.HttpContext.RequestAborted)).Count > 0;
        if (role is null && !guest)
        {
            await RejectAsync(context);
            return;
        }

        var current = identity.Clone();
        foreach (var stale in current.FindAll(c => c.Type is AppClaims.TeamRole or AppClaims.ClientContact).ToList())
        {
            current.RemoveClaim(stale);
        }

        current.AddClaim(role is { } r ? new Claim(AppClaims.TeamRole, r.ToString()) : new Claim(AppClaims.ClientContact, "true"));
        context.ReplacePrincipal(new ClaimsPrincipal(current));
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
