using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace CrmSaaS.Tests.Infrastructure;

/// <summary>
/// Which database the app under test runs on. By default each app has its own SQLite file. With
/// <c>CRMSAAS_TEST_POSTGRES</c> set to a PostgreSQL server's connection string (test.sh starts a
/// throw-away cluster and sets it), each app gets a database of its own on that server, copied from
/// a template migrated once per run (CREATE DATABASE … TEMPLATE), and dropped when the app is done.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "CRMSAAS_TEST_POSTGRES";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _template;

    /// <summary>The PostgreSQL server the tests run on; null on SQLite.</summary>
    public static string? Postgres => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server ? server : null;

    public static bool IsPostgres => Postgres is not null;

    /// <summary>The database of the app whose data lives in <paramref name="directory"/> (the same directory, the same database: a restart finds its data).</summary>
    public static string NameFor(string directory) =>
        "crmsaas_t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(directory)))[..24];

    /// <summary>The connection string of the app whose data lives in <paramref name="directory"/>, for a second app on the same database.</summary>
    public static string ConnectionStringFor(string directory) => Postgres is { } server
        ? new NpgsqlConnectionStringBuilder(server) { Database = NameFor(directory), MaxPoolSize = 20 }.ConnectionString
        : $"Data Source={Path.Combine(directory, "crmsaas.db")}";

    /// <summary>Points the app at its own PostgreSQL database, made from the migrated template when it does not exist yet.</summary>
    public static void Configure(IWebHostBuilder builder, string directory)
    {
        if (Postgres is not { } server)
        {
            return;
        }

        var name = NameFor(directory);
        EnsureAsync(server, name).GetAwaiter().GetResult();
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("Database:ConnectionString", ConnectionStringFor(directory));
    }

    /// <summary>Drops the app's database (its connections are closed first).</summary>
    public static void Drop(string directory)
    {
        if (Postgres is not { } server)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{NameFor(directory)}\" WITH (FORCE)").GetAwaiter().GetResult();
    }

    private static async Task EnsureAsync(string server, string name)
    {
        await Gate.WaitAsync();
        try
        {
            if (await ExistsAsync(server, name))
            {
                return;
            }

            _template ??= await TemplateAsync(server);
            await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{_template}\"");
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The migrated template, named after the newest migration so a changed schema gets a new one:
    /// the app migrates it at its start, as it would any empty database, then lets go of it.
    /// </summary>
    private static async Task<string> TemplateAsync(string server)
    {
        var newest = System.Reflection.Assembly.Load("CrmSaaS.Migrations.Postgres").GetTypes()
            .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false).FirstOrDefault())
            .OfType<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().Max(m => m.Id)!;
        var template = "crmsaas_template_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(newest)))[..16];
        if (await ExistsAsync(server, template))
        {
            return template;
        }

        var building = template + "_building";
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)");
        await ExecuteAsync(server, $"CREATE DATABASE \"{building}\"");
        using (var app = new TemplateApp(new NpgsqlConnectionStringBuilder(server) { Database = building }.ConnectionString))
        {
            _ = app.Services; // starting the host migrates the database
        }

        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server, $"ALTER DATABASE \"{building}\" RENAME TO \"{template}\"");
        return template;
    }

    private static async Task<bool> ExistsAsync(string server, string name)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync() is not null;
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The app started once on the template database so its start-up migrates it.</summary>
    private sealed class TemplateApp(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Data:Directory", Path.Combine(Path.GetTempPath(), "crmsaas-tests", "template"));
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Database:ConnectionString", connectionString);
            builder.UseSetting("Outbox:Enabled", "false");
            builder.UseSetting("Events:Enabled", "false");
            builder.UseSetting("Jobs:Enabled", "false");
            builder.UseSetting("Demo:Seed", "false");
        }
    }
}
