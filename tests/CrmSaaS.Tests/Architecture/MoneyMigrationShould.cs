using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CrmSaaS.Tests.Architecture;

/// <summary>
/// Data saved when every amount was kept in hundredths is moved to each currency's own minor unit,
/// and the kept totals still equal their entries.
/// </summary>
public sealed class MoneyMigrationShould : IDisposable
{
    private const string Before = "20261201130554_DurableEventsJobsOutbox";
    private readonly string _file = Path.Combine(Path.GetTempPath(), "crmsaas-tests", $"money-{Guid.NewGuid():N}.db");

    private AppDbContext Context()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={_file}", x => x.MigrationsAssembly("CrmSaaS.Migrations.Sqlite"))
            .AddInterceptors(new CrmSaaS.Web.Hosting.SqliteConnectionSetup()).Options;
        return new AppDbContext(options, new TenantContext(), new PluginCatalog(CrmSaaS.Web.Plugins.All));
    }

    private async Task<List<long?>> ReadAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<long?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? null : reader.GetInt64(0));
        }

        return values;
    }

    [Fact]
    public async Task MoveHundredthsToEachCurrencysMinorUnitAndKeepTotalsEqualToEntries()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        await using (var db = Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
        }

        await using (var connection = new SqliteConnection($"Data Source={_file}"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            const string t = "'T'", u = "'U'", now = "'2026-11-01 00:00:00'";
            // Hundredths as they were kept: 143.25 EUR, 18 000 JPY (as 1 800 000) and 18.52 KWD (as 1 852), plus a second JPY entry of 2 083.25 → 2 083.
            insert.CommandText = $"""
                INSERT INTO "CrmClients" ("Id","TenantId","Name","Status","Currency","DocumentLanguage","Tags","ResponsibleManagerId","CreatedAt","CreatedBy","UpdatedAt") VALUES
                  ('CE',{t},'Euro client',1,'EUR','en','',{u},{now},{u},{now}),
                  ('CJ',{t},'Yen client',1,'JPY','en','',{u},{now},{u},{now}),
                  ('CK',{t},'Dinar client',1,'KWD','en','',{u},{now},{u},{now});
                INSERT INTO "PrjProjects" ("Id","TenantId","ClientId","Name","Code","Status","Currency","Billable","FromOnboarding","CreatedAt","CreatedBy","UpdatedAt","BudgetAmount") VALUES
                  ('PE',{t},'CE','Euro','E',1,'EUR',1,0,{now},{u},{now},'1234.56'),
                  ('PJ',{t},'CJ','Yen','J',1,'JPY',1,0,{now},{u},{now},'150000'),
                  ('PK',{t},'CK','Dinar','K',1,'KWD',1,0,{now},{u},{now},'12.345');
                INSERT INTO "TimEntries" ("Id","TenantId","UserId","ProjectId","ClientId","Seconds","LocalDate","Billable","BillableSeconds","AmountCents","CreatedAt","UpdatedAt","RateCurrency") VALUES
                  ('E1',{t},{u},'PE','CE',5400,'2026-10-05',1,5400,14325,{now},{now},'EUR'),
                  ('J1',{t},{u},'PJ','CJ',5400,'2026-10-05',1,5400,1800000,{now},{now},'JPY'),
                  ('J2',{t},{u},'PJ','CJ',900,'2026-10-05',1,900,208325,{now},{now},'JPY'),
                  ('K1',{t},{u},'PK','CK',5400,'2026-10-31',1,5400,1852,{now},{now},'KWD');
                INSERT INTO "TimDayTotals" ("TenantId","Day","ProjectId","UserId","Billable","Currency","ClientId","Seconds","BillableSeconds","AmountCents","Entries") VALUES
                  ({t},'2026-10-05','PE',{u},1,'EUR','CE',5400,5400,14325,1),
                  ({t},'2026-10-05','PJ',{u},1,'JPY','CJ',6300,6300,2008325,2),
                  ({t},'2026-10-31','PK',{u},1,'KWD','CK',5400,5400,1852,1);
                INSERT INTO "TimMonthTotals" ("TenantId","Month","ClientId","Billable","Currency","Seconds","BillableSeconds","AmountCents","Entries") VALUES
                  ({t},'2026-10-01','CE',1,'EUR',5400,5400,14325,1),
                  ({t},'2026-10-01','CJ',1,'JPY',6300,6300,2008325,2),
                  ({t},'2026-10-01','CK',1,'KWD',5400,5400,1852,1);
                """;
            await insert.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
        }

        Assert.Equal([123_456, 150_000, 12_345], await ReadAsync("""SELECT "BudgetAmountMinor" FROM "PrjProjects" ORDER BY "Id" """));
        Assert.Equal([14_325, 18_000, 2_083, 18_520], await ReadAsync("""SELECT "AmountMinor" FROM "TimEntries" ORDER BY "Id" """));
        Assert.Equal([14_325, 20_083, 18_520], await ReadAsync("""SELECT "AmountMinor" FROM "TimDayTotals" ORDER BY "ProjectId" """));
        Assert.Equal([14_325, 20_083, 18_520], await ReadAsync("""SELECT "AmountMinor" FROM "TimMonthTotals" ORDER BY "ClientId" """));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}
