using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CrmSaaS.Web.Hosting;

/// <summary>Sends anonymous users to the sign-in page of the site they are on; htmx requests get HX-Redirect.</summary>
public static class SignInRedirects
{
    public static Task ToSignInAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var onRoot = context.HttpContext.Features.Get<SiteFeature>()?.Kind == HostKind.Root;
        var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        var target = (onRoot ? "/admin/signin" : "/account/signin") + "?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        return Redirect(context, target, StatusCodes.Status401Unauthorized);
    }

    public static Task ToAccessDeniedAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        // A client contact on a team page: the same thing in their portal (their project's page), or the
        // portal's start. Which project they may see is checked there as always.
        if (context.HttpContext.User.HasClaim(AppClaims.ClientContact, "true") && HttpMethods.IsGet(context.Request.Method))
        {
            var path = context.Request.Path.Value ?? "/";
            var portal = context.HttpContext.RequestServices.GetServices<IPortalAddresses>().Select(a => a.ForTeamPath(path)).FirstOrDefault(p => p is not null);
            return Redirect(context, portal ?? "/", StatusCodes.Status403Forbidden);
        }

        // An authenticated user without the permission: a plain 403 page, never a sign-in loop.
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context, string target, int htmxStatus)
    {
        if (context.Request.IsHtmx())
        {
            context.Response.StatusCode = htmxStatus;
            context.Response.Headers["HX-Redirect"] = target;
        }
        else
        {
            context.Response.Redirect(target);
        }

        return Task.CompletedTask;
    }
}
