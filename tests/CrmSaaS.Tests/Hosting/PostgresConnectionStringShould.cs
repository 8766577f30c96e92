using CrmSaaS.Kernel.Data;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmSaaS.Tests.Hosting;

/// <summary>On PostgreSQL the app's statements are prepared on the server once they repeat, unless the connection string says otherwise.</summary>
public sealed class PostgresConnectionStringShould
{
    [Fact]
    public void PrepareRepeatedStatementsUnlessTheConnectionStringSaysOtherwise()
    {
        var added = new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithDefaults("Host=db;Database=crmsaas;Username=crmsaas"));
        Assert.Equal(PostgresConnectionString.MaxAutoPrepare, added.MaxAutoPrepare);
        Assert.Equal(PostgresConnectionString.AutoPrepareMinUsages, added.AutoPrepareMinUsages);
        Assert.Equal("db", added.Host);

        // Behind a pooler that cannot keep prepared statements the operator says 0, and 0 it stays.
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithDefaults("Host=db;Max Auto Prepare=0")).MaxAutoPrepare);
        Assert.Equal(8, new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithDefaults("Host=db;MaxAutoPrepare=8")).MaxAutoPrepare);
        // Naming only when a statement counts as repeated still gets the default size.
        var minOnly = new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithDefaults("Host=db;Auto Prepare Min Usages=3"));
        Assert.Equal((PostgresConnectionString.MaxAutoPrepare, 3), (minOnly.MaxAutoPrepare, minOnly.AutoPrepareMinUsages));
        Assert.Null(PostgresConnectionString.WithDefaults(null));
    }

    [Fact]
    public async Task KeepTheAppsRepeatedStatementsPreparedOnTheServer()
    {
        if (!TestDatabase.IsPostgres)
        {
            return; // SQLite prepares every statement in the process anyway.
        }

        using var app = new AppFactory();
        var prepared = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Database.OpenConnectionAsync();
            for (var i = 0; i < 3; i++)
            {
                await db.Tenants.AsNoTracking().Where(t => t.Identifier == "nobody-" + i).ToListAsync();
            }

            // pg_prepared_statements lists this connection's server-side prepared statements.
            return await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
        });

        Assert.Contains(prepared, s => s.Contains("\"Tenants\"", StringComparison.Ordinal) && s.Contains("\"Identifier\"", StringComparison.Ordinal));
    }
}
