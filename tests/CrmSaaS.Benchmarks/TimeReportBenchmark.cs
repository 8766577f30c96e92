using System.Diagnostics;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Plugins.Time.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Benchmarks;

/// <summary>
/// time-report: one team with N entries over two years (60 clients, 40 members) and two other teams'
/// noise. Measures, through <see cref="TimeReports"/> (what the report page runs), (a) one client's
/// month grouped by project, member and day, and (b) the team's last 12 months grouped by client and
/// month; and for each a hand-written SQL aggregate over the raw entries that computes the same totals.
/// timer: start + stop through the handlers.
/// </summary>
public static class TimeReportBenchmark
{
    private const int Clients = 60;
    private const int Members = 40;

    public static async Task RunAsync(int entries, int iterations)
    {
        await using var app = await BenchmarkApp.StartAsync();
        var (team, manager) = await app.CreateTeamAsync("bench");
        var seed = Stopwatch.StartNew();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var world = await SeedAsync(app, team, manager, entries, today, 1);
        for (var i = 0; i < 2; i++)
        {
            var other = await app.CreateTeamAsync($"noise{i}");
            await SeedAsync(app, other.Tenant, other.Manager, entries / 10, today, 100 + i);
        }

        Console.WriteLine($"seeded {entries} entries (+{2 * (entries / 10)} in other teams) in {seed.Elapsed.TotalSeconds:F1} s");
        await using (var maintenance = app.Services.CreateAsyncScope())
        {
            await maintenance.ServiceProvider.GetRequiredService<DatabaseMaintenance>().Invoke();
        }

        var client = world.Clients[0];
        var monthFrom = LocalDates.MonthStart(today).AddMonths(-1);
        var monthTo = LocalDates.MonthStart(today).AddDays(-1);
        var yearFrom = LocalDates.MonthStart(today).AddMonths(-12);

        var clientMonth = new List<double>();
        var clientMonthRaw = new List<double>();
        var teamYear = new List<double>();
        var teamYearRaw = new List<double>();
        for (var round = -2; round < iterations; round++)
        {
            await using var scope = app.Act(team, manager, TeamRole.OrganizationManager);
            var reports = scope.Services.GetRequiredService<TimeReports>();
            var db = scope.Services.GetRequiredService<AppDbContext>();
            Report a = null!, b = null!;
            List<Totals> aRaw = null!, bRaw = null!;
            var t1 = await BenchmarkApp.TimeAsync(async () => a = await reports.RunAsync(new ReportFilter(monthFrom, monthTo, ClientId: client), [Grouping.Project, Grouping.Member, Grouping.Day], default));
            var t2 = await BenchmarkApp.TimeAsync(async () => aRaw = await ClientMonthRawAsync(db, team.Id, client, monthFrom, monthTo));
            var t3 = await BenchmarkApp.TimeAsync(async () => b = await reports.RunAsync(new ReportFilter(yearFrom, monthTo), [Grouping.Client, Grouping.Month], default));
            var t4 = await BenchmarkApp.TimeAsync(async () => bRaw = await TeamYearRawAsync(db, team.Id, yearFrom, monthTo));
            if (round == -1)
            {
                Check("client month", a, aRaw);
                Check("team year", b, bRaw);
                Console.WriteLine($"  client month: {a.Lines.Count} lines from {a.Source}; team year: {b.Lines.Count} lines from {b.Source}");
            }

            if (round >= 0)
            {
                clientMonth.Add(t1);
                clientMonthRaw.Add(t2);
                teamYear.Add(t3);
                teamYearRaw.Add(t4);
            }
        }

        Console.WriteLine($"machine: {BenchmarkApp.Machine()}");
        Console.WriteLine($"time-report client_month_p50_ms={BenchmarkApp.Percentiles(clientMonth).P50:F1} client_month_raw_p50_ms={BenchmarkApp.Percentiles(clientMonthRaw).P50:F1} " +
            $"team_year_p50_ms={BenchmarkApp.Percentiles(teamYear).P50:F1} team_year_raw_p50_ms={BenchmarkApp.Percentiles(teamYearRaw).P50:F1} entries={entries}");
    }

    public static async Task RunTimerAsync(int ops)
    {
        await using var app = await BenchmarkApp.StartAsync();
        var (team, manager) = await app.CreateTeamAsync("bench");
        var world = await SeedAsync(app, team, manager, 10_000, DateOnly.FromDateTime(DateTime.UtcNow), 1, managerOnProjects: true);
        await using (var maintenance = app.Services.CreateAsyncScope())
        {
            await maintenance.ServiceProvider.GetRequiredService<DatabaseMaintenance>().Invoke();
        }

        var samples = new List<double>();
        for (var i = -20; i < ops; i++)
        {
            await using var scope = app.Act(team, manager, TeamRole.OrganizationManager);
            var mediator = scope.Services.GetRequiredService<IMediator>();
            var project = world.Projects[(i + 20) % world.Projects.Count];
            var ms = await BenchmarkApp.TimeAsync(async () =>
            {
                await mediator.Send(new CrmSaaS.Plugins.Time.Areas.Time.Pages.TimerModel.Start(project, null, "Benchmark"));
                await mediator.Send(new CrmSaaS.Plugins.Time.Areas.Time.Pages.TimerModel.Stop());
            });
            if (i >= 0)
            {
                samples.Add(ms);
            }
        }

        Console.WriteLine($"machine: {BenchmarkApp.Machine()}");
        Console.WriteLine($"timer p50_ms={BenchmarkApp.Percentiles(samples).P50:F1} p95_ms={BenchmarkApp.Percentiles(samples).P95:F1} ops={ops}");
    }

    internal sealed record World(List<Guid> Clients, List<Guid> Projects);

    private sealed record Totals(Guid? ClientId, Guid? ProjectId, Guid? UserId, DateOnly Day, long Seconds, long AmountMinor);

    /// <summary>(a) by hand: one client's month, by project, member and day, straight from the entries.</summary>
    private static async Task<List<Totals>> ClientMonthRawAsync(AppDbContext db, Guid tenant, Guid client, DateOnly from, DateOnly to) =>
        await db.Database.SqlQuery<Totals>($"""
            SELECT NULL AS "ClientId", "ProjectId", "UserId", "LocalDate" AS "Day", CAST(SUM("Seconds") AS BIGINT) AS "Seconds", CAST(SUM("AmountMinor") AS BIGINT) AS "AmountMinor"
            FROM "TimEntries"
            WHERE "TenantId" = {tenant} AND "ClientId" = {client} AND "LocalDate" >= {from} AND "LocalDate" <= {to}
            GROUP BY "ProjectId", "UserId", "LocalDate"
            """).ToListAsync();

    /// <summary>(b) by hand: the team's months by client, straight from the entries.</summary>
    private static async Task<List<Totals>> TeamYearRawAsync(AppDbContext db, Guid tenant, DateOnly from, DateOnly to) =>
        await (BenchmarkApp.PostgresServer is null
            ? db.Database.SqlQuery<Totals>($"""
                SELECT "ClientId", NULL AS "ProjectId", NULL AS "UserId", substr("LocalDate", 1, 7) || '-01' AS "Day", SUM("Seconds") AS "Seconds", SUM("AmountMinor") AS "AmountMinor"
                FROM "TimEntries"
                WHERE "TenantId" = {tenant} AND "LocalDate" >= {from} AND "LocalDate" <= {to}
                GROUP BY "ClientId", substr("LocalDate", 1, 7)
                """)
            : db.Database.SqlQuery<Totals>($"""
                SELECT "ClientId", NULL::uuid AS "ProjectId", NULL::uuid AS "UserId", date_trunc('month', "LocalDate")::date AS "Day", SUM("Seconds")::bigint AS "Seconds", SUM("AmountMinor")::bigint AS "AmountMinor"
                FROM "TimEntries"
                WHERE "TenantId" = {tenant} AND "LocalDate" >= {from} AND "LocalDate" <= {to}
                GROUP BY "ClientId", date_trunc('month', "LocalDate")
                """)).ToListAsync();

    /// <summary>The report and the raw aggregate must agree to the second and the cent, or the numbers mean nothing.</summary>
    private static void Check(string what, Report report, List<Totals> raw)
    {
        var seconds = raw.Sum(r => r.Seconds);
        var cents = raw.Sum(r => r.AmountMinor);
        if (report.Total.Seconds != seconds || report.Total.AmountMinor.Values.Sum() != cents)
        {
            throw new InvalidOperationException($"{what}: report {report.Total.Seconds} s / {report.Total.AmountMinor.Values.Sum()} ct, raw {seconds} s / {cents} ct");
        }

        Console.WriteLine($"  {what}: {seconds / 3600.0:F1} h, {cents / 100.0:F2} in both");
    }

    internal static async Task<World> SeedAsync(BenchmarkApp app, TenantInfo tenant, Guid manager, int count, DateOnly today, int randomSeed, bool managerOnProjects = false)
    {
        var random = new Random(randomSeed);
        var members = Enumerable.Range(0, Members).Select(_ => Guid.CreateVersion7()).ToList();
        var clients = new List<Guid>();
        var projects = new List<(Guid Id, Guid Client, decimal Rate)>();
        await using (var scope = app.Act(tenant, manager, TeamRole.OrganizationManager))
        {
            var db = scope.Services.GetRequiredService<AppDbContext>();
            var now = DateTime.UtcNow;
            for (var c = 0; c < Clients; c++)
            {
                var client = new Client { Name = $"Client {c:00}", Status = ClientStatus.Active, ResponsibleManagerId = manager, CreatedBy = manager, CreatedAt = now, UpdatedAt = now };
                db.Add(client);
                clients.Add(client.Id);
                for (var p = 0; p < 1 + c % 3; p++)
                {
                    var project = new Project { ClientId = client.Id, Name = $"Project {c:00}-{p}", Code = $"C{c:00}-{p}", Currency = "EUR", Billable = true, CreatedAt = now, UpdatedAt = now, CreatedBy = manager };
                    db.Add(project);
                    db.Add(ProjectFactory.NewBoard(project.Id, ProjectSettings.DefaultColumns));
                    if (managerOnProjects)
                    {
                        db.Add(new ProjectMember { ProjectId = project.Id, UserId = manager, Role = ProjectRole.ProjectManager, AddedAt = now, AddedBy = manager });
                    }

                    projects.Add((project.Id, client.Id, 80 + 10 * random.Next(8)));
                }
            }

            await db.SaveChangesAsync();
        }

        const int batch = 20_000;
        for (var start = 0; start < count; start += batch)
        {
            await using var scope = app.Act(tenant, manager, TeamRole.OrganizationManager);
            var db = scope.Services.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var now = DateTime.UtcNow;
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var (project, client, rate) = projects[random.Next(projects.Count)];
                var day = today.AddDays(-random.Next(0, 730));
                var seconds = 60 * random.Next(15, 240);
                var billable = random.Next(5) > 0;
                var billed = billable ? Rounding.Apply(seconds, RoundingMode.Up, 15) : 0;
                db.Add(new TimeEntry
                {
                    UserId = members[random.Next(members.Count)], ProjectId = project, ClientId = client, LocalDate = day, Seconds = seconds, Billable = billable,
                    BillableSeconds = billed, RateAmount = rate, RateCurrency = "EUR", RateLevel = RateLevel.Project, AmountMinor = billable ? Money.ForTime(billed, rate, "EUR").MinorUnits : 0,
                    StartUtc = day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), EndUtc = day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc).AddSeconds(seconds),
                    CreatedAt = now, UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync();
        }

        await using (var scope = app.Act(tenant, manager, TeamRole.OrganizationManager))
        {
            // The totals of bulk-loaded entries come from the product's own rebuild (tests prove it equals the kept totals).
            var ledger = scope.Services.GetRequiredService<TimeLedger>();
            await scope.Services.GetRequiredService<IUnitOfWork>().RunAsync(ledger.RebuildTotalsAsync);
        }

        return new World(clients, projects.Select(p => p.Id).ToList());
    }
}
