using Coravel.Invocable;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Time.Domain;

/// <summary>
/// Hourly, in every team: a timer left running for more than a day is stopped and booked as a day at
/// most (the rule a manual stop applies), and its member is told, so a forgotten timer never keeps
/// growing or blocks the next day's entries. Audited as "system: stop forgotten timers".
/// </summary>
[ActsAs("stop forgotten timers", TimePermissions.EditAll)]
public sealed class StopForgottenTimers(TenantJobs jobs, TimeProvider clock) : IInvocable
{
    public Task Invoke() => jobs.ForEachActiveTenantAsync<StopForgottenTimers>(async (services, tenant, cancellationToken) =>
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddSeconds(-TimeLimits.MaxSeconds);
        var db = services.GetRequiredService<AppDbContext>();
        var forgotten = await db.Set<RunningTimer>().AsNoTracking().Where(t => t.StartedAt <= cutoff).Select(t => t.UserId).ToListAsync(cancellationToken);
        foreach (var userId in forgotten)
        {
            // One unit of work per member: one bad timer never keeps the others running.
            await services.GetRequiredService<IUnitOfWork>().RunAsync(async ct =>
            {
                var entry = await services.GetRequiredService<TimeTracking>().StopAsync(userId, ct);
                var member = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.Culture }).SingleAsync(ct);
                if (entry is not null && member.Email is not null)
                {
                    var l = services.GetRequiredService<IStringLocalizer<SharedResource>>();
                    using var culture = UiCulture.Use(member.Culture);
                    services.GetRequiredService<IEmailOutbox>().Enqueue(member.Email, l["Your timer was stopped after a day"],
                        $"{l["Your timer ran for more than a day, so it was stopped and booked as {0} hours on {1}. Please check the entry:", TimeLimits.MaxSeconds / 3600, entry.LocalDate.ToString("d", System.Globalization.CultureInfo.CurrentCulture)]}\n\n" +
                        services.GetRequiredService<TenantUrls>().ForTeam(tenant.Identifier, $"/time/entries/{entry.Id}"));
                }
            }, cancellationToken);
        }
    }, CancellationToken.None);
}
