using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Kernel.Tenancy;

/// <summary>What the request's host resolved to; read by the site matcher policy.</summary>
public sealed record SiteFeature(HostKind Kind, TenantInfo? Tenant);

/// <summary>
/// Resolves the team from the host before anything else runs. Unknown, suspended, reserved,
/// extra-label and look-alike hosts end here with 404; nothing falls back to another team or the root site.
/// Everything logged while the request runs carries its team and request id (a logging scope).
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next, HostTenantStrategy strategy, ILogger<TenantResolutionMiddleware> log)
{
    private const string NotFoundPage =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>" +
        "<body style=\"font-family:sans-serif;text-align:center;padding:4rem\"><h1>404</h1>" +
        "<p>There is no team at this address. / Unter dieser Adresse gibt es kein Team.</p></body></html>";

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
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(NotFoundPage, context.RequestAborted);
            return;
        }

        setter.Set(tenant);
        context.Features.Set(new SiteFeature(resolution.Kind, tenant));
        using (log.BeginScope(new Dictionary<string, object?>
        {
            ["Team"] = tenant?.Identifier ?? "(root)",
            ["TeamId"] = tenant?.Id,
            ["RequestId"] = context.TraceIdentifier,
        }))
        {
            await next(context);
        }
    }
}
