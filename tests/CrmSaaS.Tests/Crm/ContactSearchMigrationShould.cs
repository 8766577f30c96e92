using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CrmSaaS.Tests.Crm;

/// <summary>Contacts saved before email domains were search words are found by their domain after the upgrade.</summary>
public sealed class ContactSearchMigrationShould : IDisposable
{
    private const string Before = "20261201141519_TimeZonesInProfiles";
    private readonly string _file = Path.Combine(Path.GetTempPath(), "crmsaas-tests", $"search-{Guid.NewGuid():N}.db");

    private AppDbContext Context()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={_file}", x => x.MigrationsAssembly("CrmSaaS.Migrations.Sqlite"))
            .AddInterceptors(new CrmSaaS.Web.Hosting.SqliteConnectionSetup()).Options;
        return new AppDbContext(options, new TenantContext(), new PluginCatalog(CrmSaaS.Web.Plugins.All));
    }

    [Fact]
    public async Task GiveEveryExistingContactTheTokenOfItsEmailDomain()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        await using (var db = Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
        }

        var contacts = new[]
        {
            new Contact { FirstName = "Jürgen", LastName = "Groß", Email = " J.Gross@Müller-Bau.DE ", OwnerId = Guid.NewGuid() },
            new Contact { FirstName = "Ann", LastName = "Lee", Email = "ann@lee.test", OwnerId = Guid.NewGuid() },
            new Contact { FirstName = "No", LastName = "Mail", Email = null, OwnerId = Guid.NewGuid() },
            new Contact { FirstName = "Bad", LastName = "Mail", Email = "bad@", OwnerId = Guid.NewGuid() },
        };
        var tenant = Guid.NewGuid().ToString().ToUpperInvariant();
        await using (var connection = new SqliteConnection($"Data Source={_file}"))
        {
            await connection.OpenAsync();
            foreach (var contact in contacts)
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO "CrmContacts" ("Id","TenantId","FirstName","LastName","Email","IsRepresentative","OwnerId","Tags","CreatedAt","UpdatedAt")
                    VALUES ($id,$tenant,$first,$last,$email,0,$owner,'','2026-11-01 00:00:00','2026-11-01 00:00:00');
                    """;
                insert.Parameters.AddWithValue("$id", contact.Id.ToString().ToUpperInvariant());
                insert.Parameters.AddWithValue("$tenant", tenant);
                insert.Parameters.AddWithValue("$first", contact.FirstName);
                insert.Parameters.AddWithValue("$last", contact.LastName);
                insert.Parameters.AddWithValue("$email", (object?)contact.Email ?? DBNull.Value);
                insert.Parameters.AddWithValue("$owner", contact.OwnerId.ToString().ToUpperInvariant());
                await insert.ExecuteNonQueryAsync();
            }
        }

        SqliteConnection.ClearAllPools();
        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
            var tokens = await db.Set<ContactSearchToken>().IgnoreQueryFilters().ToListAsync();
            foreach (var contact in contacts)
            {
                // The migration adds what the index would: the domain, folded, under the contact's sort key.
                var domain = contact.Email is null ? null : SearchText.EmailDomain(CrmSaaS.Kernel.Common.TextKeys.Fold(contact.Email.Trim()));
                var added = tokens.Where(t => t.ContactId == contact.Id).ToList();
                Assert.Equal(domain is null ? [] : [domain], added.Select(t => t.Token));
                Assert.Equal(domain is null ? [] : [ContactSearchIndex.SortKeyOf(contact)], added.Select(t => t.SortKey));
                Assert.Equal(domain is null ? 0 : 1, ContactSearchIndex.TokensOf(contact, null).Count(t => t == domain));
            }

            Assert.Contains(tokens, t => t.Token == "muller-bau.de");
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}
