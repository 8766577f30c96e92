using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Jobs;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Tenancy;

public class TenantJobsShould(AppFactory app) : IClassFixture<AppFactory>
{
    [ActsAs("probe job", "crm.read")]
    private sealed class ProbeJob;

    [Fact]
    public async Task RunOncePerActiveTeamInsideItsOwnTenantScopeAsTheJobsSystemActor()
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
        var seen = new List<(string Team, int Members, string? Current, string? Actor, bool MayReadCrm, bool MayManageMembers, Guid? UserId)>();

        await app.Services.GetRequiredService<TenantJobs>().ForEachActiveTenantAsync<ProbeJob>(async (sp, tenant, ct) =>
        {
            var members = await sp.GetRequiredService<AppDbContext>().Memberships.CountAsync(ct);
            var user = sp.GetRequiredService<ICurrentUser>();
            seen.Add((tenant.Identifier, members, sp.GetRequiredService<ITenantContext>().Tenant?.Identifier, user.DisplayName,
                user.Has("crm.read"), user.Has(TeamPermissions.MembersManage), user.UserId));
        });

        Assert.Contains((active.Tenant.Identifier, 2, active.Tenant.Identifier, "system: probe job", true, false, null), seen);
        Assert.Contains((other.Tenant.Identifier, 1, other.Tenant.Identifier, "system: probe job", true, false, null), seen);
        Assert.DoesNotContain(seen, s => s.Team == suspended.Tenant.Identifier);
        Assert.Null(TenantContext.CurrentTenant);
        Assert.Null(SystemActor.Current);
    }

    [Fact]
    public async Task RecordAFailingTeamAndStillRunTheOthers()
    {
        var failing = await app.CreateTeamAsync("jobfail" + Guid.NewGuid().ToString("N")[..6], ("A", TeamRole.OrganizationManager));
        var healthy = await app.CreateTeamAsync("jobok" + Guid.NewGuid().ToString("N")[..6], ("B", TeamRole.OrganizationManager));
        var ran = new List<string>();

        var run = await app.Services.GetRequiredService<TenantJobs>().ForEachActiveTenantAsync<ProbeJob>((sp, tenant, ct) =>
        {
            if (tenant.Id == failing.Tenant.Id)
            {
                throw new InvalidOperationException("The team's data is broken");
            }

            ran.Add(tenant.Identifier);
            return Task.CompletedTask;
        });

        Assert.Contains(healthy.Tenant.Identifier, ran);
        var (storedRun, failures) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.Set<JobRun>().SingleAsync(r => r.Id == run.Id), await db.Set<JobFailure>().Where(f => f.JobRunId == run.Id).ToListAsync());
        });
        Assert.Equal("probe job", storedRun.Job);
        Assert.NotNull(storedRun.FinishedAt);
        Assert.Equal(1, storedRun.FailedTeams);
        Assert.True(storedRun.Teams >= 2);
        var failure = Assert.Single(failures);
        Assert.Equal(failing.Tenant.Id, failure.TenantId);
        Assert.Contains("The team's data is broken", failure.Error);
    }
}
