using System.Diagnostics;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Web;
using CrmSaaS.Web.Hosting;
using CrmSaaS.Web.Team;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Benchmarks;

/// <summary>The product's own services on a fresh SQLite file, without a web server: what the pages run, measured directly.</summary>
public sealed class BenchmarkApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchmarkApp(WebApplication app, string directory)
    {
        _app = app;
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>
    /// The PostgreSQL server to run on (--provider postgres, server from CRMSAAS_BENCH_POSTGRES, e.g.
    /// "Host=127.0.0.1;Port=55432;Username=crmsaas"); null runs on an SQLite file, the default.
    /// Each app gets a database of its own, dropped when it is disposed.
    /// </summary>
    public static string? PostgresServer { get; set; }

    public static string Provider => PostgresServer is null ? "SQLite" : "PostgreSQL";

    private string? _database;
    private bool _keep;

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Configuration beyond the benchmark's defaults (e.g. Payments:TestMode).</param>
    /// <param name="listen">Also start the web server (on the configured Urls), for benchmarks that use real HTTP connections.</param>
    /// <param name="keep">A data folder to use and keep (SQLite only): a second run finds the first one's database there.</param>
    public static async Task<BenchmarkApp> StartAsync(IReadOnlyDictionary<string, string>? settings = null, bool listen = false, string? keep = null)
    {
        if (keep is not null && PostgresServer is not null)
        {
            throw new ArgumentException("A kept data folder is for SQLite runs.", nameof(keep));
        }

        var directory = keep is null ? Path.Combine(Path.GetTempPath(), "crmsaas-bench", Guid.NewGuid().ToString("N")) : Path.GetFullPath(keep);
        System.IO.Directory.CreateDirectory(directory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark", ApplicationName = typeof(CrmSaaS.Web.Plugins).Assembly.GetName().Name });
        builder.Configuration["Data:Directory"] = directory;
        builder.Configuration["Outbox:Enabled"] = "false";
        builder.Configuration["Jobs:Enabled"] = "false";
        builder.Configuration["RateLimits:SignInPerAccount"] = "1000000";
        string? database = null;
        if (PostgresServer is not null)
        {
            database = "crmsaas_bench_" + Path.GetFileName(directory);
            builder.Configuration["Database:Provider"] = "Postgres";
            builder.Configuration["Database:ConnectionString"] = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer) { Database = database, MaxPoolSize = 200 }.ConnectionString;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Configuration[key] = value;
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCrmSaaS(CrmSaaS.Web.Plugins.All);
        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync();
        }

        if (listen)
        {
            app.UseCrmSaaS();
            await app.StartAsync();
        }

        return new BenchmarkApp(app, directory) { _database = database, _keep = keep is not null };
    }

    /// <summary>A team with one Organization Manager; returns the team and the manager's user id.</summary>
    public async Task<(TenantInfo Tenant, Guid Manager)> CreateTeamAsync(string identifier)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = TeamProvisioning.NewTenant(identifier, identifier, DateTime.UtcNow);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        using var _ = TenantContext.BeginScope(tenant.ToInfo());
        var provisioning = scope.ServiceProvider.GetRequiredService<TeamProvisioning>();
        var user = await provisioning.CreateUserAsync("Bench Manager", $"manager@{identifier}.bench", "Bench-pass-1", "en", "");
        provisioning.AddMembership(user.Id, TeamRole.OrganizationManager);
        await db.SaveChangesAsync();
        return (tenant.ToInfo(), user.Id);
    }

    /// <summary>A scope acting as <paramref name="user"/> in <paramref name="tenant"/>, like a signed-in request.</summary>
    public ActingScope Act(TenantInfo tenant, Guid user, TeamRole role)
    {
        var scope = Services.CreateAsyncScope();
        var tenantScope = TenantContext.BeginScope(tenant);
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [
                new(System.Security.Claims.ClaimTypes.NameIdentifier, user.ToString()),
                new(AppClaims.Tenant, tenant.Id.ToString()),
                new(AppClaims.TeamRole, role.ToString()),
            ], "Benchmark")),
        };
        return new ActingScope(scope, tenantScope);
    }

    public static string Machine() =>
        $"{Provider}, {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";

    public static (double P50, double P95) Percentiles(List<double> samples) => (Percentile(samples, 0.50), Percentile(samples, 0.95));

    /// <summary>The nearest-rank percentile <paramref name="q"/> (0..1) of the samples (sorted in place).</summary>
    public static double Percentile(List<double> samples, double q)
    {
        samples.Sort();
        return samples[Math.Clamp((int)Math.Ceiling(q * samples.Count) - 1, 0, samples.Count - 1)];
    }

    public static async Task<double> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed.TotalMilliseconds;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_database is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }

        if (_keep)
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}

public sealed class ActingScope(AsyncServiceScope scope, IDisposable tenantScope) : IAsyncDisposable
{
    public IServiceProvider Services => scope.ServiceProvider;

    public async ValueTask DisposeAsync()
    {
        tenantScope.Dispose();
        await scope.DisposeAsync();
    }
}
