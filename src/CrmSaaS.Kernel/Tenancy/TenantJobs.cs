using CrmSaaS.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Kernel.Tenancy;

/// <summary>
/// Runs background work (Coravel jobs, listeners, seeding) for teams one at a time, each in its
/// own DI scope inside an explicit tenant scope, so it never depends on an HttpContext.
/// </summary>
public sealed class TenantJobs(IServiceScopeFactory scopes)
{
    /// <summary>Runs <paramref name="work"/> once per active team; suspended teams are skipped.</summary>
    public async Task ForEachActiveTenantAsync(Func<IServiceProvider, TenantInfo, Task> work, CancellationToken cancellationToken = default)
    {
        List<TenantInfo> tenants;
        await using (var scope = scopes.CreateAsyncScope())
        {
            tenants = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tenants.AsNoTracking()
                .Where(t => t.State == TenantState.Active)
                .OrderBy(t => t.CreatedAt)
                .Select(t => new TenantInfo(t.Id, t.Identifier, t.Name, t.State, t.Currency))
                .ToListAsync(cancellationToken);
        }

        foreach (var tenant in tenants)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RunAsync(tenant, sp => work(sp, tenant));
        }
    }

    /// <summary>Runs <paramref name="work"/> for one team in a fresh DI scope with that team as the current tenant.</summary>
    public async Task RunAsync(TenantInfo tenant, Func<IServiceProvider, Task> work)
    {
        using var tenantScope = TenantContext.BeginScope(tenant);
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }
}
