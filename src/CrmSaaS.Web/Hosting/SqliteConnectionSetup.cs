using System.Data.Common;
using CrmSaaS.Kernel.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmSaaS.Web.Hosting;

/// <summary>
/// Prepares every SQLite connection: the .NET text keys SQLite lacks (its upper() knows ASCII only),
/// so migrations can fill key columns exactly as the application computes them; and a memory map of
/// the database file, so reads come from the operating system's page cache, shared by every
/// connection, instead of each connection's own 2 MB cache. Index seeks spread over a large file
/// (a search's check of each candidate contact) are several times faster for it. And a busy timeout,
/// so waiting for the write lock is SQLite's fine-grained wait.
/// EF opens the connection for every query and SQLite's pool hands back the same native connection,
/// so each of these happens once: the functions once per connection object (it brings them back on
/// every open itself), the pragmas once per native connection.
/// </summary>
public sealed class SqliteConnectionSetup(long memoryMapBytes = SqliteConnectionSetup.DefaultMemoryMapBytes) : DbConnectionInterceptor
{
    public const string NameKey = "crmsaas_name_key";
    public const string Fold = "crmsaas_fold";

    /// <summary>2 GiB, SQLite's own ceiling for a map; address space, not memory: pages are the file's, cached by the OS.</summary>
    public const long DefaultMemoryMapBytes = 2L << 30;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SqliteConnection, object> WithFunctions = [];
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> WithPragmas = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection sqlite)
        {
            Register(sqlite);
            if (FirstOpen(sqlite))
            {
                using var command = MemoryMap(sqlite);
                command.ExecuteNonQuery();
            }
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection sqlite)
        {
            Register(sqlite);
            if (FirstOpen(sqlite))
            {
                await using var command = MemoryMap(sqlite);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>Whether this native connection is opened for the first time (its pragmas not set yet).</summary>
    private static bool FirstOpen(SqliteConnection sqlite) => sqlite.Handle is not { } handle || WithPragmas.TryAdd(handle, true);

    private static void Register(SqliteConnection sqlite)
    {
        if (!WithFunctions.TryAdd(sqlite, true))
        {
            return;
        }

        sqlite.CreateFunction<string?, string?>(NameKey, value => value is null ? null : TextKeys.Name(value), isDeterministic: true);
        sqlite.CreateFunction<string?, string?>(Fold, value => value is null ? null : TextKeys.Fold(value), isDeterministic: true);
    }

    private SqliteCommand MemoryMap(SqliteConnection sqlite)
    {
        var command = sqlite.CreateCommand();
        // SQLite's own busy handler waits for the write lock with short, growing sleeps (up to 100 ms),
        // so a writer gets in as soon as a long writer (an import chunk) lets go.
        command.CommandText = $"PRAGMA mmap_size={Math.Max(0, memoryMapBytes)}; PRAGMA busy_timeout=30000;";
        return command;
    }
}
