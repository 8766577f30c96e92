using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Tests.Architecture;

/// <summary>Each provider's migrations set matches the composed model: nobody forgot to add a migration.</summary>
public class MigrationsShould
{
    private static AppDbContext Context(Action<DbContextOptionsBuilder<AppDbContext>> provider)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        provider(options);
        return new AppDbContext(options.Options, new TenantContext(), new PluginCatalog(CrmSaaS.Web.Plugins.All));
    }

    [Fact]
    public void HaveNoPendingModelChangesForSqlite()
    {
        using var db = Context(o => o.UseSqlite("Data Source=:memory:", x => x.MigrationsAssembly("CrmSaaS.Migrations.Sqlite")));

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void HaveNoPendingModelChangesForPostgres()
    {
        using var db = Context(o => o.UseNpgsql("Host=localhost;Database=unused", x => x.MigrationsAssembly("CrmSaaS.Migrations.Postgres")));

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges());
    }
}
