using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Tenancy;

/// <summary>Every plugin's entities, not only the kernel's: the model is the composed one.</summary>
public class TenantModelShould(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<List<Microsoft.EntityFrameworkCore.Metadata.IEntityType>> TenantOwnedTypesAsync() =>
        app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<AppDbContext>().Model.GetEntityTypes()
            .Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)).ToList()));

    [Fact]
    public async Task GiveEveryTenantOwnedEntityTheTenantFilter()
    {
        var types = await TenantOwnedTypesAsync();

        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.Contains(t.GetDeclaredQueryFilters(), f => f.Key == AppDbContext.TenantFilter));
    }

    [Fact]
    public async Task LeadEveryUniqueIndexOfATenantOwnedEntityWithTenantId()
    {
        var types = await TenantOwnedTypesAsync();

        var offenders = types.SelectMany(t => t.GetIndexes().Where(i => i.IsUnique).Select(i => (Type: t.ClrType.Name, Index: i)))
            .Where(x => x.Index.Properties[0].Name != nameof(ITenantOwned.TenantId))
            .Select(x => $"{x.Type}({string.Join(",", x.Index.Properties.Select(p => p.Name))})")
            .ToList();

        Assert.Empty(offenders);
    }
}
