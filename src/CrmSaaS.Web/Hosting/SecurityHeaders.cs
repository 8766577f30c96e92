namespace CrmSaaS.Web.Hosting;

/// <summary>
/// Headers on every response: scripts only from the app's own files (no inline script or handler
/// runs, so injected markup cannot execute), no framing by other sites, no MIME sniffing, and no
/// addresses with tokens (reset and sign-in links) leaking to other sites through the Referer.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>True when the configured public address is https: cookies are then sent over TLS only.</summary>
    public static bool PublicUrlIsHttps(IConfiguration config) =>
        (config["Tenancy:PublicUrl"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
