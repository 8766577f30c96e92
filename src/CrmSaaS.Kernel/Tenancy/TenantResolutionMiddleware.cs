using Microsoft.AspNetCore.Http;

namespace CrmSaaS.Kernel.Tenancy;

/// <summary>What the request's host resolved to; read by the site matcher policy.</summary>
public sealed record SiteFeature(HostKind Kind, TenantInfo? Tenant);

/// <summary>
/// Resolves the team from the host before anything else runs. Unknown, suspended, reserved,
/// extra-label and look-alike hosts end here with 404; nothing falls back to another team or the root site.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next, HostTenantStrategy strategy)
{
    public async Task InvokeAsync(HttpContext context, ITenantStore store, ITenantContextSetter setter)
    {
        var resolution = strategy.Resolve(context.Request.Host.Value);
        TenantInfo? tenant = null;
        if (resolution.Kind == HostKind.Tenant)
        {
            tenant = await store.FindAsync(resolution.Identifier!, context.RequestAborted);
            if (tenant is null || tenant.State != TenantState.Active)
            {
                resolution = HostResolution.Invalid;
                tenant = null;
            }
        }

        if (resolution.Kind == HostKind.Invalid)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        setter.Set(tenant);
        context.Features.Set(new SiteFeature(resolution.Kind, tenant));
        await next(context);
    }
}
