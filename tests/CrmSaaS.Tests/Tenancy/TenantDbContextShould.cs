using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Tenancy;

public class TenantDbContextShould(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(TestTeam A, TestTeam B)> TwoTeamsAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var a = await app.CreateTeamAsync("a" + suffix, ("Anna", TeamRole.OrganizationManager), ("Arne", TeamRole.TeamMember));
        var b = await app.CreateTeamAsync("b" + suffix, ("Bert", TeamRole.OrganizationManager));
        return (a, b);
    }

    [Fact]
    public async Task ReturnOnlyTheCurrentTenantsRows()
    {
        var (a, b) = await TwoTeamsAsync();

        var inA = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Memberships.Select(m => m.UserId).ToListAsync(), a.Tenant);
        var inB = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Memberships.Select(m => m.UserId).ToListAsync(), b.Tenant);

        Assert.Equal(a.Members.Select(m => m.UserId).Order(), inA.Order());
        Assert.Equal([b.Members[0].UserId], inB);
    }

    [Fact]
    public async Task ReadTheTenantOnEveryQueryNotOnce()
    {
        var (a, b) = await TwoTeamsAsync();

        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            using (TenantContext.BeginScope(a.Tenant))
            {
                Assert.Equal(2, await db.Memberships.CountAsync());
            }

            using (TenantContext.BeginScope(b.Tenant))
            {
                Assert.Equal(1, await db.Memberships.CountAsync());
            }
        });
    }

    [Fact]
    public async Task ReturnNothingTenantOwnedWithoutATenant()
    {
        await TwoTeamsAsync();

        var count = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Memberships.CountAsync());

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task StampTheCurrentTenantOnAdd()
    {
        var (a, _) = await TwoTeamsAsync();

        var stamped = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var entry = new AuditEntry { EntityType = "Test", EntityId = "1", At = DateTime.UtcNow };
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync();
            return entry.TenantId;
        }, a.Tenant);

        Assert.Equal(a.Tenant.Id, stamped);
    }

    [Fact]
    public async Task ThrowOnSaveWithoutATenant()
    {
        await TwoTeamsAsync();

        await Assert.ThrowsAsync<TenantMismatchException>(() => app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.AuditEntries.Add(new AuditEntry { EntityType = "Test", EntityId = "1" });
            await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task ThrowOnAddingARowOfAnotherTenant()
    {
        var (a, b) = await TwoTeamsAsync();

        await Assert.ThrowsAsync<TenantMismatchException>(() => app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.AuditEntries.Add(new AuditEntry { TenantId = b.Tenant.Id, EntityType = "Test", EntityId = "1" });
            await db.SaveChangesAsync();
        }, a.Tenant));
    }

    [Fact]
    public async Task ThrowOnChangingARowOfAnotherTenant()
    {
        var (a, b) = await TwoTeamsAsync();

        var error = await Record.ExceptionAsync(() => app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var foreign = await db.Memberships.IgnoreQueryFilters([AppDbContext.TenantFilter]).SingleAsync(m => m.TenantId == b.Tenant.Id);
            foreign.Role = TeamRole.TeamMember;
            await db.SaveChangesAsync();
        }, a.Tenant));

        Assert.IsType<TenantMismatchException>(error);
        var role = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Memberships.Select(m => m.Role).SingleAsync(), b.Tenant);
        Assert.Equal(TeamRole.OrganizationManager, role);
    }

    [Fact]
    public async Task ThrowOnMovingARowToAnotherTenant()
    {
        var (a, b) = await TwoTeamsAsync();

        await Assert.ThrowsAsync<TenantMismatchException>(() => app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var own = await db.Memberships.FirstAsync();
            own.TenantId = b.Tenant.Id;
            await db.SaveChangesAsync();
        }, a.Tenant));
    }

    [Fact]
    public async Task ThrowOnDeletingARowOfAnotherTenant()
    {
        var (a, b) = await TwoTeamsAsync();

        await Assert.ThrowsAsync<TenantMismatchException>(() => app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var foreign = await db.Memberships.IgnoreQueryFilters([AppDbContext.TenantFilter]).SingleAsync(m => m.TenantId == b.Tenant.Id);
            db.Memberships.Remove(foreign);
            await db.SaveChangesAsync();
        }, a.Tenant));
    }
}
