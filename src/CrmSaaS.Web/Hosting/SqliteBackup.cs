using Microsoft.Data.Sqlite;

namespace CrmSaaS.Web.Hosting;

/// <summary>
/// A consistent copy of the embedded SQLite database while the app runs and writes (SQLite's online
/// backup: the copy is the database as of one moment, never half a transaction), and putting such a
/// copy back while the app is stopped. From the command line:
/// <c>dotnet run --project src/CrmSaaS.Web -- backup FILE</c> and <c>… -- restore FILE</c>.
/// </summary>
public static class SqliteBackup
{
    public const string FileName = "crmsaas.db";

    /// <summary>Copies the database at <paramref name="databaseFile"/> to <paramref name="backupFile"/> (replaced if it exists) and checks the copy.</summary>
    public static void Backup(string databaseFile, string backupFile)
    {
        if (!File.Exists(databaseFile))
        {
            throw new FileNotFoundException("There is no database to back up.", databaseFile);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(backupFile))!);
        var partial = backupFile + ".partial";
        File.Delete(partial);
        using (var source = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False"))
        using (var target = new SqliteConnection($"Data Source={partial};Pooling=False"))
        {
            source.Open();
            target.Open();
            source.BackupDatabase(target);
            Check(target);
        }

        File.Move(partial, backupFile, overwrite: true);
    }

    /// <summary>Puts a backup in place of the database at <paramref name="databaseFile"/>; the app must be stopped.</summary>
    public static void Restore(string backupFile, string databaseFile)
    {
        using (var backup = new SqliteConnection($"Data Source={backupFile};Mode=ReadOnly;Pooling=False"))
        {
            backup.Open();
            Check(backup);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databaseFile))!);
        // The old file's write-ahead log belongs to the old database: it must not be replayed onto the backup.
        File.Delete(databaseFile + "-wal");
        File.Delete(databaseFile + "-shm");
        File.Copy(backupFile, databaseFile, overwrite: true);
    }

    /// <summary>Runs <c>backup FILE</c> or <c>restore FILE</c> when the command line asks for it; false when it does not.</summary>
    public static bool TryRun(string[] args, IConfiguration config, string contentRoot)
    {
        if (args.Length < 1 || args[0] is not ("backup" or "restore"))
        {
            return false;
        }

        if (args.Length < 2)
        {
            Console.Error.WriteLine($"Usage: {args[0]} FILE");
            Environment.ExitCode = 2;
            return true;
        }

        if (!string.Equals(config["Database:Provider"] ?? "Sqlite", "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine("This command backs up the embedded SQLite database; for PostgreSQL use pg_dump (see README).");
            Environment.ExitCode = 2;
            return true;
        }

        var database = Path.Combine(CrmSaaSServices.ResolveDataDirectory(config["Data:Directory"], contentRoot), FileName);
        try
        {
            if (args[0] == "backup")
            {
                Backup(database, args[1]);
                Console.WriteLine($"Backed up {database} to {args[1]}.");
            }
            else
            {
                Restore(args[1], database);
                Console.WriteLine($"Restored {args[1]} to {database}.");
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or SqliteException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{args[0]} failed: {ex.Message}{(ex is FileNotFoundException missing ? " (" + missing.FileName + ")" : "")}");
            Environment.ExitCode = 1;
        }

        return true;
    }

    private static void Check(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var result = command.ExecuteScalar() as string;
        if (result != "ok")
        {
            throw new InvalidDataException($"The copy is damaged: {result}");
        }
    }
}
