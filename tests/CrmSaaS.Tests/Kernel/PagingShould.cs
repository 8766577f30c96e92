using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Kernel;

public class PagingShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Count_a_long_list_only_as_far_as_a_pager_needs()
    {
        var team = await app.CreateTeamAsync("paging" + Guid.NewGuid().ToString("N")[..6], ("Owner", TeamRole.OrganizationManager));
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var now = app.Clock.GetUtcNow().UtcDateTime;
            for (var i = 0; i < 30; i++)
            {
                db.Add(new Client { Name = $"Client {i:00}", CreatedAt = now, UpdatedAt = now });
            }

            await db.SaveChangesAsync();
        }, team.Tenant);

        Task<Page<string>> PageAsync(int number) => app.WithScopeAsync(sp =>
            sp.GetRequiredService<AppDbContext>().Set<Client>().OrderByDescending(c => c.Name).Select(c => c.Name).ToPageAsync(number, 5, default, countLimit: 10), team.Tenant);

        // Counted up to the limit: "more than 10", a next page, in the list's order.
        var first = await PageAsync(1);
        Assert.Equal(["Client 29", "Client 28", "Client 27", "Client 26", "Client 25"], first.Items);
        Assert.False(first.TotalIsExact);
        Assert.Equal(10, first.Total);
        Assert.True(first.HasNext);

        // A page past the limit is counted just past itself, so it is there and has a next one.
        var fourth = await PageAsync(4);
        Assert.Equal("Client 14", fourth.Items[0]);
        Assert.Equal(4, fourth.Number);
        Assert.False(fourth.TotalIsExact);
        Assert.True(fourth.HasNext);

        // The last page knows it is the last; one asked for beyond it gets the last.
        var last = await PageAsync(6);
        Assert.True(last.TotalIsExact);
        Assert.Equal(30, last.Total);
        Assert.False(last.HasNext);
        Assert.Equal("Client 00", last.Items[^1]);
        var beyond = await PageAsync(9);
        Assert.Equal(6, beyond.Number);
        Assert.Equal(last.Items, beyond.Items);

        // A short list is counted exactly, as before.
        var all = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Client>().OrderBy(c => c.Name).Select(c => c.Name).ToPageAsync(1, 50, default), team.Tenant);
        Assert.True(all.TotalIsExact);
        Assert.Equal(30, all.Total);
        Assert.False(all.HasNext);
    }
}
