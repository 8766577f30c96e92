using System.Diagnostics;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Benchmarks;

/// <summary>
/// serve-load: the app on Kestrel with one big team — <c>contacts</c> contacts, <c>entries</c> time
/// entries, a project with a board of 200 tasks and a client contact on it — for tools/load/run.sh to
/// drive with wrk. Signs the manager and the contact in over HTTP and writes what the script needs
/// (port, hosts, cookies, paths) to a file, then serves until stopped.
/// </summary>
public static class LoadBenchmark
{
    /// <param name="keep">A data folder kept between runs (SQLite): the first run seeds it, later runs (after a rebuild,
    /// with new migrations applied) serve the same team without seeding again.</param>
    public static async Task ServeAsync(int contacts, int entries, int port, string sessionFile, string? keep = null)
    {
        await using var app = await BenchmarkApp.StartAsync(new Dictionary<string, string> { ["Urls"] = $"http://127.0.0.1:{port}", ["Logging:LogLevel:Default"] = "Warning" }, listen: true, keep);
        port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var seedFile = Path.Combine(app.Directory, "load-seed.txt");
        string identifier, contactEmail;
        Guid project;
        var seed = Stopwatch.StartNew();
        if (File.Exists(seedFile))
        {
            var kept = await File.ReadAllLinesAsync(seedFile);
            (identifier, project, contactEmail) = (kept[0], Guid.Parse(kept[1]), kept[2]);
            Console.WriteLine($"seeded before: {kept[3]}");
        }
        else
        {
            (identifier, project, contactEmail) = await SeedAsync(app, contacts, entries);
            await File.WriteAllLinesAsync(seedFile, [identifier, project.ToString(), contactEmail, $"{contacts} contacts, {entries} entries"]);
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
        var managerCookie = await PortalLiveBenchmark.SignInAsync(http, port, identifier, $"manager@{identifier}.bench");
        var contactCookie = await PortalLiveBenchmark.SignInAsync(http, port, identifier, contactEmail);
        Console.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:F0} s; {BenchmarkApp.Machine()}");
        await File.WriteAllLinesAsync(sessionFile,
        [
            $"PORT={port}",
            $"TEAM_HOST={identifier}.localhost:{port}",
            $"ROOT_HOST=localhost:{port}",
            $"MANAGER_COOKIE='{managerCookie}'",
            $"CONTACT_COOKIE='{contactCookie}'",
            $"BOARD_PATH=/projects/{project}",
            $"MACHINE='{BenchmarkApp.Machine()}'",
        ]);
        Console.WriteLine($"ready: {sessionFile}");

        // Ctrl+C or SIGTERM (the script's kill) stops the host; then this returns.
        var stopping = app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopped by the script.
        }
    }

    private static async Task<(string Identifier, Guid Project, string ContactEmail)> SeedAsync(BenchmarkApp app, int contacts, int entries)
    {
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var (team, manager, _, project, contactEmail) = await PortalLiveBenchmark.SeedContactAsync(app, "load");
        await using (var scope = app.Act(team, manager, TeamRole.OrganizationManager))
        {
            var db = scope.Services.GetRequiredService<AppDbContext>();
            var board = ProjectFactory.NewBoard(project, ProjectSettings.DefaultColumns);
            db.Add(board);
            var now = clock.GetUtcNow().UtcDateTime;
            for (var t = 0; t < 200; t++)
            {
                var column = board.Columns[t % board.Columns.Count];
                db.Add(new ProjectTask { ProjectId = project, ColumnId = column.Id, Position = t / board.Columns.Count, Title = $"Task {t + 1}", CreatedAt = now, CreatedBy = manager, EstimateHours = 1 + t % 8 });
            }

            await db.SaveChangesAsync();
        }

        Console.WriteLine($"seeding {contacts:N0} contacts …");
        await ContactSearchBenchmark.SeedAsync(app, team, manager, contacts, 42);
        Console.WriteLine($"seeding {entries:N0} time entries …");
        await TimeReportBenchmark.SeedAsync(app, team, manager, entries, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), 7, managerOnProjects: true);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMaintenance>().Invoke();
        }

        return (team.Identifier, project, contactEmail);
    }
}
