using Coravel;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Hosting;

public static class CrmSaaSPipeline
{
    public static WebApplication UseCrmSaaS(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
        }

        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.Use((context, next) =>
        {
            // An address no page answers on this site is 404 for everyone, signed in or not.
            if (context.GetEndpoint() is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.Use(async (context, next) =>
        {
            // htmx responses differ from full pages at the same URL; caches must keep them apart.
            context.Response.Headers.Append("Vary", "HX-Request");
            await next(context);
        });

        app.MapRazorPages();
        app.MapGet("/health", async (AppDbContext db, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct) ? Results.Text("Healthy") : Results.StatusCode(StatusCodes.Status503ServiceUnavailable))
            .WithMetadata(new RootSiteAttribute())
            .AllowAnonymous();

        var catalog = app.Services.GetRequiredService<PluginCatalog>();
        var jobsEnabled = app.Configuration.GetValue("Jobs:Enabled", true);
        app.Services.UseScheduler(scheduler =>
        {
            if (!jobsEnabled)
            {
                return;
            }

            scheduler.Schedule<DatabaseMaintenance>().Hourly().PreventOverlapping(nameof(DatabaseMaintenance));
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
