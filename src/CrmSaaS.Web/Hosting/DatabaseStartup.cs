using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Web.Team;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Hosting;

/// <summary>Start-up work: migrations, the configured Superadmin, and (in Development) the demo team.</summary>
public static class DatabaseStartup
{
    public const string DemoPassword = "Demo-pass-2026";
    public const string DemoTeam = "demo";

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        if (db.Database.IsSqlite())
        {
            await UseWriteAheadLogAsync(db);
        }

        await db.Database.MigrateAsync();
        await new DatabaseMaintenance(db, services.GetRequiredService<TimeProvider>()).Invoke();
        await EnsureSuperadminAsync(services, app.Configuration["Superadmin:Email"], app.Configuration["Superadmin:Password"], app.Logger);

        var signIns = new List<DemoSignIn>();
        if (app.Configuration.GetValue("Demo:Seed", false))
        {
            signIns = await DemoSeeder.SeedAsync(services, app.Configuration, app.Logger);
        }

        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, signIns));
    }

    private static async Task UseWriteAheadLogAsync(AppDbContext db)
    {
        // WAL lets readers go on while one request writes; the setting is stored in the file.
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync();
        await connection.CloseAsync();
    }

    public static async Task EnsureSuperadminAsync(IServiceProvider services, string? email, string? password, ILogger log)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            return;
        }

        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, DisplayName = "Superadmin", IsSuperadmin = true, EmailConfirmed = true };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                log.LogError("The configured Superadmin could not be created: {Errors}", string.Join(" ", result.Errors.Select(e => e.Description)));
            }
        }
        else if (!user.IsSuperadmin)
        {
            user.IsSuperadmin = true;
            await users.UpdateAsync(user);
        }
    }

    private static void PrintBanner(WebApplication app, IReadOnlyList<DemoSignIn> signIns)
    {
        var address = app.Urls.FirstOrDefault() ?? "http://localhost:5000";
        var uri = new Uri(address);
        var root = app.Configuration["Tenancy:RootDomain"] ?? "localhost";
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port;
        var lines = new List<string>
        {
            "",
            "  CrmSaaS is running.",
            $"  Root site (landing, sign-up, /admin): {uri.Scheme}://{root}{port}/",
        };
        if (signIns.Count > 0)
        {
            lines.Add($"  Demo team:                            {uri.Scheme}://{DemoTeam}.{root}{port}/");
            lines.Add("  Demo sign-ins:");
            lines.AddRange(signIns.Select(s => $"    {s.Who,-24} {s.Email,-28} {s.Password,-16} {s.Url.Replace("{base}", $"{uri.Scheme}://", StringComparison.Ordinal).Replace("{port}", port, StringComparison.Ordinal)}"));
        }

        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
