using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Hosting;

/// <summary>
/// The embedded database's online backup, taken while writes go on, is the database of one moment
/// (every transaction whole or absent), and an app started on its restore has every row of it.
/// </summary>
public sealed class BackupShould
{
    private sealed class RestoredApp(string directory) : AppFactory(directory, keepData: false);

    [Fact]
    public async Task CopyTheDatabaseWhileItIsWrittenAndRestoreEveryRow()
    {
        if (TestDatabase.IsPostgres)
        {
            return; // PostgreSQL is backed up with pg_dump (README); this is the embedded database's command.
        }

        using var app = new AppFactory();
        var team = await app.CreateTeamAsync("bak" + Guid.NewGuid().ToString("N")[..6], ("Bo", TeamRole.OrganizationManager));
        var owner = team[TeamRole.OrganizationManager].UserId;
        using var stop = new CancellationTokenSource();
        var written = 0;
        // Writes go on all along: each transaction adds a pair of contacts.
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var pair = written;
                await app.WithScopeAsync(async sp =>
                {
                    var db = sp.GetRequiredService<AppDbContext>();
                    var now = DateTime.SpecifyKind(new DateTime(2026, 11, 2), DateTimeKind.Utc);
                    db.AddRange(
                        new Contact { FirstName = "Pair", LastName = $"{pair}a", Tags = $"pair-{pair}", OwnerId = owner, CreatedAt = now, UpdatedAt = now },
                        new Contact { FirstName = "Pair", LastName = $"{pair}b", Tags = $"pair-{pair}", OwnerId = owner, CreatedAt = now, UpdatedAt = now });
                    await db.SaveChangesAsync();
                }, team.Tenant);
                Interlocked.Increment(ref written);
            }
        });

        while (Volatile.Read(ref written) < 20)
        {
            await Task.Delay(20);
        }

        var backup = Path.Combine(app.DataDirectory, "backups", "crmsaas-backup.db");
        SqliteBackup.Backup(Path.Combine(app.DataDirectory, SqliteBackup.FileName), backup);
        while (Volatile.Read(ref written) < 60)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await writer;

        var pairs = new Dictionary<string, int>();
        using (var copy = new SqliteConnection($"Data Source={backup};Mode=ReadOnly;Pooling=False"))
        {
            copy.Open();
            using var command = copy.CreateCommand();
            command.CommandText = "SELECT Tags, COUNT(*) FROM CrmContacts WHERE Tags LIKE 'pair-%' GROUP BY Tags";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                pairs[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        Assert.InRange(pairs.Count, 20, written - 1);
        Assert.All(pairs.Values, count => Assert.Equal(2, count));

        // Restored into another data folder, the app starts on it and has exactly those rows.
        var restoredDirectory = Path.Combine(Path.GetTempPath(), "crmsaas-tests", Guid.NewGuid().ToString("N"));
        SqliteBackup.Restore(backup, Path.Combine(restoredDirectory, SqliteBackup.FileName));
        using var restored = new RestoredApp(restoredDirectory);
        var rows = await restored.WithScopeAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<Contact>().CountAsync(c => c.Tags.StartsWith("pair-")), team.Tenant);
        Assert.Equal(pairs.Count * 2, rows);
        var browser = await restored.SignInAsync(team, team[TeamRole.OrganizationManager]);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.GetAsync("/crm/contacts")).StatusCode);
    }
}
