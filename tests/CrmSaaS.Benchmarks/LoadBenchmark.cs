using System.Diagnostics;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Projects.Domain;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
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
    /// <param name="writesPerSecond">While serving, the team's data changes this often (a contact is touched), as
    /// in a team at work: every stored page of the team is then read and rendered again.</param>
    public static async Task ServeAsync(int contacts, int entries, int port, string sessionFile, string? keep = null, int writesPerSecond = 0)
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
        var writer = writesPerSecond > 0 ? WriteAsync(app, identifier, writesPerSecond, stopping) : Task.CompletedTask;
        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopped by the script.
        }

        await writer;
    }

    /// <summary>Touches one of the team's contacts <paramref name="perSecond"/> times a second until stopped.</summary>
    private static async Task WriteAsync(BenchmarkApp app, string identifier, int perSecond, CancellationToken stopping)
    {
        var team = (await app.Services.GetRequiredService<ITenantStore>().FindAsync(identifier, stopping))!;
        var clock = app.Services.GetRequiredService<TimeProvider>();
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / perSecond));
        var writes = 0L;
        try
        {
            while (await tick.WaitForNextTickAsync(stopping))
            {
                using var _ = TenantContext.BeginScope(team);
                await using var scope = app.Services.CreateAsyncScope();
                var now = clock.GetUtcNow().UtcDateTime;
                await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Contact>().OrderBy(c => c.Id).Take(1)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.UpdatedAt, now), stopping);
                writes++;
            }
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"{writes} writes while serving");
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
