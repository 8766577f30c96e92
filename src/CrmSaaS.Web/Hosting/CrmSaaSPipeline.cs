using System.Security.Cryptography;
using Coravel;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Live;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Hosting;

public static class CrmSaaSPipeline
{
    public static WebApplication UseCrmSaaS(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // Sent on https requests only (behind a trusted proxy, those it forwarded as https).
            app.UseHsts();
        }

        if (SecurityHeaders.PublicUrlIsHttps(app.Configuration))
        {
            app.UseHttpsRedirection();
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
        }

        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.Use((context, next) =>
        {
            // The error page is read, whatever the failed request was: a POST that ended in 404 shows
            // the 404 page, not an antiforgery refusal of the error page.
            if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
            {
                context.Request.Method = HttpMethods.Get;
            }

            return next(context);
        });
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.Use((context, next) =>
        {
            // An address no page answers on this site is 404 for everyone, signed in or not.
            if (context.GetEndpoint() is not { } endpoint)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            // Downloads, event streams and webhooks answer with their bare status, never an HTML error page.
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is null && context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<SubmitOnceMiddleware>();
        app.Use(async (context, next) =>
        {
            // htmx responses differ from full pages at the same URL; caches must keep them apart.
            context.Response.Headers.Append("Vary", "HX-Request");
            await next(context);
        });
        app.Use(async (context, next) =>
        {
            // Whatever a form post, an htmx action or a webhook changed, the team's stored pages are
            // older: said before its answer starts (the browser's next request must not find them) and
            // again after (a change made while answering). Writes through the database say so too. The
            // browser gets a new writer cookie, so its next page is rendered even on an instance the
            // news has not reached yet.
            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                || context.RequestServices.GetRequiredService<ITenantContext>().Tenant is not { } team)
            {
                await next(context);
                return;
            }

            var versions = context.RequestServices.GetRequiredService<DataVersions>();
            context.Response.OnStarting(() =>
            {
                versions.Changed(team.Id);
                context.Response.Cookies.Append(PageCache.WriterCookie, Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
                    new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, IsEssential = true });
                return Task.CompletedTask;
            });
            try
            {
                await next(context);
            }
            finally
            {
                versions.Changed(team.Id);
            }
        });
        app.UseOutputCache();

        app.MapRazorPages();
        var catalog = app.Services.GetRequiredService<PluginCatalog>();
        var endpoints = new PluginEndpoints(app);
        foreach (var plugin in catalog.Plugins)
        {
            plugin.MapEndpoints(endpoints);
        }

        // Team members' live events (open invoice pages, boards); client contacts have the portal's own.
        app.MapGet("/live", (HttpContext http, ICurrentUser user, ILiveBus bus, ITenantContext tenant) =>
            user.Role is null
                ? Results.StatusCode(StatusCodes.Status403Forbidden)
                : LiveStream.Serve(http, bus, tenant.Tenant!.Id, _ => Task.FromResult<ILiveAudience?>(user.Role is null ? null : new TeamLiveAudience(user))))
            .WithMetadata(LiveStreamEndpointAttribute.Instance);

        // Liveness: the process answers (a proxy or orchestrator restarts it when not).
        app.MapGet("/health", () => Results.Text("Healthy"))
            .WithMetadata(new RootSiteAttribute())
            .AllowAnonymous();

        // Readiness: the database answers and has every migration this build knows, so the instance may take traffic.
        app.MapGet("/health/ready", async (AppDbContext db, CancellationToken ct) =>
            {
                if (!await db.Database.CanConnectAsync(ct))
                {
                    return Results.Text("Database unreachable", statusCode: StatusCodes.Status503ServiceUnavailable);
                }

                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
                return pending == 0 ? Results.Text("Ready") : Results.Text($"{pending} migrations pending", statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithMetadata(new RootSiteAttribute())
            .AllowAnonymous();

        // Asked by the reverse proxy before it obtains a certificate on demand (deploy/Caddyfile): only
        // the root domain and the hosts of active teams get one, so nobody makes it request certificates
        // for made-up names.
        app.MapGet("/tls/ask", async (string? domain, HostTenantStrategy hosts, ITenantStore tenants, CancellationToken ct) =>
            {
                var resolved = hosts.Resolve(domain);
                var known = resolved.Kind == HostKind.Root
                    || (resolved.Kind == HostKind.Tenant && await tenants.FindAsync(resolved.Identifier!, ct) is { State: TenantState.Active });
                return known ? Results.Text("yes") : Results.NotFound();
            })
            .WithMetadata(new RootSiteAttribute())
            .AllowAnonymous();

        var jobsEnabled = app.Configuration.GetValue("Jobs:Enabled", true);
        app.Services.UseScheduler(scheduler =>
        {
            if (!jobsEnabled)
            {
                return;
            }

            scheduler.Schedule<DatabaseMaintenance>().Hourly().PreventOverlapping(nameof(DatabaseMaintenance));
            scheduler.Schedule<DeleteTeamsPastGracePeriod>().Hourly().PreventOverlapping(nameof(DeleteTeamsPastGracePeriod));
            foreach (var plugin in catalog.Plugins)
            {
                plugin.ConfigureSchedule(scheduler);
            }
        }).OnError(ex => app.Logger.LogError(ex, "A scheduled job failed"));
        var events = app.Services.ConfigureEvents();
        foreach (var plugin in catalog.Plugins)
        {
            plugin.ConfigureEvents(events);
        }

        return app;
    }
}
