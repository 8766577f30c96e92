using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Tenancy;

public class TenantJobsShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task RunOncePerActiveTeamInsideItsOwnTenantScope()
    {
        var active = await app.CreateTeamAsync("job" + Guid.NewGuid().ToString("N")[..6], ("A", TeamRole.OrganizationManager), ("B", TeamRole.TeamMember));
        var other = await app.CreateTeamAsync("job" + Guid.NewGuid().ToString("N")[..6], ("C", TeamRole.OrganizationManager));
        var suspended = await app.CreateTeamAsync("job" + Guid.NewGuid().ToString("N")[..6], ("D", TeamRole.OrganizationManager));
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            (await db.Tenants.SingleAsync(t => t.Id == suspended.Tenant.Id)).State = TenantState.Suspended;
            await db.SaveChangesAsync();
        });
        var seen = new List<(string Team, int Members, string? Current)>();

        await app.Services.GetRequiredService<TenantJobs>().ForEachActiveTenantAsync(async (sp, tenant) =>
        {
            var members = await sp.GetRequiredService<AppDbContext>().Memberships.CountAsync();
            seen.Add((tenant.Identifier, members, sp.GetRequiredService<ITenantContext>().Tenant?.Identifier));
        });

        Assert.Contains((active.Tenant.Identifier, 2, active.Tenant.Identifier), seen);
        Assert.Contains((other.Tenant.Identifier, 1, other.Tenant.Identifier), seen);
        Assert.DoesNotContain(seen, s => s.Team == suspended.Tenant.Identifier);
        Assert.Null(TenantContext.CurrentTenant);
    }
}
