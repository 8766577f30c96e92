using Coravel.Invocable;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Kernel.Data;

/// <summary>
/// Keeps SQLite's query planner informed. Without statistics SQLite guesses that "TenantId = ?"
/// narrows a table to a handful of rows and may scan a whole team instead of using a far better
/// index; <c>PRAGMA optimize</c> gathers (sampled, so cheap) statistics where they are missing or stale.
/// Runs at start-up and hourly; PostgreSQL keeps its own statistics. Also forgets the tokens of
/// forms sent more than a day ago (a resend after that runs again), sessions ended a day ago and
/// team exports older than a week.
/// </summary>
public sealed class DatabaseMaintenance(AppDbContext db, TimeProvider clock) : IInvocable
{
    public async Task Invoke()
    {
        var dayAgo = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        await db.FormSubmissions.Where(f => f.CreatedAt < dayAgo).ExecuteDeleteAsync();
        await db.UserSessions.Where(u => u.EndedAt < dayAgo).ExecuteDeleteAsync();
        var exportsBefore = clock.GetUtcNow().UtcDateTime - DataExport.TeamExports.KeptFor;
        await db.Set<DataExport.TeamExport>().IgnoreQueryFilters().Where(e => e.RequestedAt < exportsBefore).ExecuteDeleteAsync();
        if (db.Database.ProviderName != "Microsoft.EntityFrameworkCore.Sqlite")
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA analysis_limit=2000; PRAGMA optimize=0x10002;";
        await command.ExecuteNonQueryAsync();
    }
}
