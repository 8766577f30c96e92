using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace CrmSaaS.Kernel.Web;

/// <summary>
/// A read-only team page, asked again by the same browser while nothing of its team has changed, is
/// answered from memory instead of being read and rendered again. Pages opt in with
/// <c>[OutputCache(PolicyName = PageCache.Policy)]</c>.
/// <para>
/// An answer is kept for one browser: the key holds the request's whole Cookie header (its sign-in,
/// form-token and language cookies), so it is never given to another user or session, and a form in it
/// carries a token that browser's cookie accepts. It is kept for one version of the team's data
/// (<see cref="DataVersions"/>: any write in the team, or to data of no team, starts a new one) and for
/// one time window of the app's clock, so what depends on the time alone (today, overdue, a running
/// timer) is at most a window old. Sign-in, the session check and authorization still run on every
/// request; only the page's own reading and rendering are saved. Only 200 HTML answers that set no
/// cookie are kept.
/// </para>
/// <para>
/// With several instances a change on one reaches the others' versions by a notice (milliseconds);
/// the browser that made it (a form post, an htmx action) is also given a new <see cref="WriterCookie"/>,
/// so its next page is rendered on whichever instance it reaches, notice or not.
/// </para>
/// </summary>
public sealed class PageCache(bool enabled, TimeSpan window) : IOutputCachePolicy
{
    public const string Policy = "TeamPage";

    /// <summary>Changes with every unsafe request of the browser: part of the Cookie header, so of the key.</summary>
    public const string WriterCookie = "crmsaas.w";

    // What a page's answer may depend on besides its address and the team's data.
    private static readonly StringValues VaryHeaders = new([
        "Cookie", "Accept-Language", "HX-Request", "HX-Target", "HX-Trigger", "HX-Trigger-Name", "HX-Boosted",
        "HX-Current-URL", "HX-History-Restore-Request",
    ]);

    /// <summary><c>PageCache:Enabled</c> (default true) and <c>PageCache:WindowSeconds</c> (default 10).</summary>
    public static PageCache FromConfiguration(IConfiguration config) =>
        new(config.GetValue("PageCache:Enabled", true), TimeSpan.FromSeconds(Math.Clamp(config.GetValue("PageCache:WindowSeconds", 10), 1, 3600)));

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var team = http.RequestServices.GetRequiredService<ITenantContext>().Tenant;
        var cacheable = enabled && team is not null && HttpMethods.IsGet(http.Request.Method) && http.User.Identity?.IsAuthenticated == true;
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = cacheable;
        if (!cacheable)
        {
            return ValueTask.CompletedTask;
        }

        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var windowTicks = window.Ticks;
        var windowStart = now.UtcTicks / windowTicks * windowTicks;
        context.ResponseExpirationTimeSpan = TimeSpan.FromTicks(Math.Max(windowStart + windowTicks - now.UtcTicks, TimeSpan.TicksPerSecond));
        var rules = context.CacheVaryByRules;
        rules.VaryByHost = true;
        rules.QueryKeys = "*";
        rules.HeaderNames = VaryHeaders;
        rules.VaryByValues["data"] = http.RequestServices.GetRequiredService<DataVersions>().Of(team!.Id);
        rules.VaryByValues["window"] = windowStart.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK
            || !StringValues.IsNullOrEmpty(response.Headers.SetCookie)
            || response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) != true)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
