using System.Diagnostics;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Billing.Documents;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Plugins.Time.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Benchmarks;

/// <summary>
/// invoice-run: a team with a year of billed history and one unbilled week for every client, each
/// invoiced weekly with automatic issuing. Runs the scheduled run as the job does (system actor, one
/// unit of work per client: draft, number, billing marks, PDF and XML) and measures it end to end;
/// then the issue of single drafts and the PDF of a 50-line invoice on their own.
/// </summary>
public static class InvoiceRunBenchmark
{
    private const int Members = 40;

    public static async Task RunAsync(int entries, int clients, int samples)
    {
        await using var app = await BenchmarkApp.StartAsync();
        var (team, manager) = await app.CreateTeamAsync("bench");
        var seed = Stopwatch.StartNew();
        var (week, unbilled) = await SeedAsync(app, team, manager, entries, clients);
        Console.WriteLine($"seeded {entries} entries for {clients} clients ({unbilled} unbilled in {week.From:yyyy-MM-dd}..{week.To:yyyy-MM-dd}) in {seed.Elapsed.TotalSeconds:F1} s");
        await using (var maintenance = app.Services.CreateAsyncScope())
        {
            await maintenance.ServiceProvider.GetRequiredService<DatabaseMaintenance>().Invoke();
        }

        // The run, as the scheduled job does it for the team.
        var run = Stopwatch.StartNew();
        IReadOnlyList<RunOutcome> outcomes;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            using var tenantScope = TenantContext.BeginScope(team);
            using var actor = SystemActor.Begin(typeof(ScheduledInvoiceRun));
            outcomes = await scope.ServiceProvider.GetRequiredService<InvoiceRuns>().RunDueAsync(null, RunTrigger.Schedule, default);
        }

        run.Stop();
        var created = outcomes.Count(o => o.Status == RunStatus.Created);
        var failed = outcomes.Where(o => o.Status == RunStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"{failed.Count} clients failed, e.g. {failed[0].Reason}");
        }

        long billed;
        int documents;
        await using (var scope = app.Act(team, manager, TeamRole.OrganizationManager))
        {
            var db = scope.Services.GetRequiredService<AppDbContext>();
            billed = await db.Set<TimeEntry>().CountAsync(e => e.InvoiceId != null && e.LocalDate >= week.From);
            documents = await db.Set<InvoiceDocument>().CountAsync();
            var issued = await db.Set<Invoice>().CountAsync(i => i.Number != null);
            if (issued != created || documents != 2 * created || billed != unbilled)
            {
                throw new InvalidOperationException($"run made {issued} issued invoices, {documents} documents, billed {billed} of {unbilled} entries for {created} created");
            }

            // A second run finds everything done.
            using var actor = SystemActor.Begin(typeof(ScheduledInvoiceRun));
            if ((await scope.Services.GetRequiredService<InvoiceRuns>().RunDueAsync(null, RunTrigger.Schedule, default)).Count != 0)
            {
                throw new InvalidOperationException("a second run did something");
            }
        }

        Console.WriteLine($"run: {created} invoices issued with PDF and XML, {billed} entries billed in {run.Elapsed.TotalSeconds:F1} s");

        // Issuing single drafts: number, billing marks, totals, PDF and XML in one unit of work.
        var issueSamples = await IssueSamplesAsync(app, team, manager, samples);

        // The PDF of a 50-line invoice.
        var data = await FiftyLinesAsync(app, team, manager);
        var pdfSamples = new List<double>();
        for (var i = -10; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            var pdf = InvoicePdf.Render(data);
            watch.Stop();
            if (pdf.Length < 1000)
            {
                throw new InvalidOperationException("empty PDF");
            }

            if (i >= 0)
            {
                pdfSamples.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        var issue = BenchmarkApp.Percentiles(issueSamples);
        var pdfP = BenchmarkApp.Percentiles(pdfSamples);
        Console.WriteLine($"machine: {BenchmarkApp.Machine()}");
        Console.WriteLine($"issue p95_ms={issue.P95:F1}  pdf(50 lines) p95_ms={pdfP.P95:F1}");
        Console.WriteLine($"invoice-run invoices={created} entries_billed={billed} run_s={run.Elapsed.TotalSeconds:F1} invoices_per_s={created / run.Elapsed.TotalSeconds:F1} pdf_p50_ms={pdfP.P50:F1} issue_p50_ms={issue.P50:F1}");
    }

    private static async Task<List<double>> IssueSamplesAsync(BenchmarkApp app, TenantInfo team, Guid manager, int samples)
    {
        // Fresh unbilled time for some clients, drafted first; then each draft issued on its own and timed.
        List<Guid> clients;
        await using (var scope = app.Act(team, manager, TeamRole.OrganizationManager))
        {
            var db = scope.Services.GetRequiredService<AppDbContext>();
            clients = await db.Set<Client>().OrderBy(c => c.Name).Take(samples + 10).Select(c => c.Id).ToListAsync();
            var projects = await db.Set<Project>().Where(p => clients.Contains(p.ClientId)).ToDictionaryAsync(p => p.ClientId, p => p.Id);
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var today = await scope.Services.GetRequiredService<BillingTerms>().TodayAsync(default);
            foreach (var client in clients)
            {
                for (var d = 0; d < 5; d++)
                {
                    var billedSeconds = 3600 + 900 * d;
                    db.Add(new TimeEntry
                    {
                        UserId = manager, ProjectId = projects[client], ClientId = client, LocalDate = today, Seconds = billedSeconds, Billable = true, BillableSeconds = billedSeconds,
                        RateAmount = 95m, RateCurrency = "EUR", RateLevel = RateLevel.Project, AmountMinor = Money.ForTime(billedSeconds, 95m, "EUR").MinorUnits,
                        StartUtc = now, EndUtc = now.AddSeconds(billedSeconds), CreatedAt = now, UpdatedAt = now,
                    });
                }
            }

            await db.SaveChangesAsync();
        }

        var drafts = new List<Guid>();
        foreach (var client in clients)
        {
            await using var scope = app.Act(team, manager, TeamRole.OrganizationManager);
            var drafting = scope.Services.GetRequiredService<InvoiceDrafting>();
            var today = await scope.Services.GetRequiredService<BillingTerms>().TodayAsync(default);
            drafts.Add(await scope.Services.GetRequiredService<IUnitOfWork>().RunAsync(async ct => (await drafting.DraftForClientAsync(client, today.AddDays(1), false, ct))!.Id));
        }

        var times = new List<double>();
        for (var i = 0; i < drafts.Count; i++)
        {
            await using var scope = app.Act(team, manager, TeamRole.OrganizationManager);
            var issuing = scope.Services.GetRequiredService<InvoiceIssuing>();
            var today = await scope.Services.GetRequiredService<BillingTerms>().TodayAsync(default);
            var ms = await BenchmarkApp.TimeAsync(() => scope.Services.GetRequiredService<IUnitOfWork>().RunAsync(ct => issuing.IssueAsync(drafts[i], today, ct)));
            if (i >= 10)
            {
                times.Add(ms);
            }
        }

        return times;
    }

    private static async Task<DocumentData> FiftyLinesAsync(BenchmarkApp app, TenantInfo team, Guid manager)
    {
        await using var scope = app.Act(team, manager, TeamRole.OrganizationManager);
        var profile = await scope.Services.GetRequiredService<BillingTerms>().ProfileAsync(default);
        var lines = Enumerable.Range(1, 50).Select(i => new DocumentLine(i, LineKind.Time, $"Website relaunch: task {i} with design review and implementation", 2.25m, 95m, 21375, "S", 19m)).ToList();
        return new DocumentData(DocumentKind.Invoice, "2026-00042", new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 16), new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), "EUR", "de",
            profile, DocumentParty.FromText("Acme Maschinenbau AG", "Industriestraße 7\n80331 München", "DE", "DE987654321", "ap@acme.test"), null, lines,
            InvoiceTotals.Compute("EUR", lines.Select(l => new TotalsLine(l.NetMinor, l.VatCategory, l.VatRate))), null, null, null);
    }

    /// <summary>Clients with a project and weekly automatic invoicing; a year of billed time and the last week unbilled.</summary>
    private static async Task<((DateOnly From, DateOnly To) Week, int Unbilled)> SeedAsync(BenchmarkApp app, TenantInfo tenant, Guid manager, int count, int clientCount)
    {
        var random = new Random(11);
        var members = Enumerable.Range(0, Members).Select(_ => Guid.CreateVersion7()).ToList();
        var projects = new List<(Guid Id, Guid Client, decimal Rate)>();
        (DateOnly From, DateOnly To) week;
        await using (var scope = app.Act(tenant, manager, TeamRole.OrganizationManager))
        {
            var db = scope.Services.GetRequiredService<AppDbContext>();
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            db.Add(new BillingProfile
            {
                LegalName = "Bench Agentur GmbH", Street = "Musterstraße 1", PostalCode = "10115", City = "Berlin", Country = "DE", VatId = "DE123456789",
                ContactName = "Bench Manager", ContactEmail = "billing@bench.example", ContactPhone = "+49 30 1", Iban = "DE89370400440532013000", Bic = "COBADEFFXXX",
            });
            for (var c = 0; c < clientCount; c++)
            {
                var client = new Client
                {
                    Name = $"Client {c:0000}", Status = ClientStatus.Active, ResponsibleManagerId = manager, CreatedBy = manager, CreatedAt = now, UpdatedAt = now,
                    Country = "DE", BillingAddress = $"Weg {c}\n8033{c % 10} München", BillingEmails = $"ap{c}@client.example", DocumentLanguage = c % 2 == 0 ? "de" : "en",
                };
                db.Add(client);
                db.Add(new ClientBillingSettings { ClientId = client.Id, Schedule = BillingSchedule.Weekly, Grouping = LineGrouping.Day, AutoIssue = true });
                var project = new Project { ClientId = client.Id, Name = $"Project {c:0000}", Code = $"P{c:0000}", Currency = "EUR", Billable = true, CreatedAt = now, UpdatedAt = now, CreatedBy = manager };
                db.Add(project);
                db.Add(ProjectFactory.NewBoard(project.Id, ProjectSettings.DefaultColumns));
                projects.Add((project.Id, client.Id, 80 + 10 * random.Next(8)));
            }

            await db.SaveChangesAsync();
            var terms = scope.Services.GetRequiredService<BillingTerms>();
            var zone = await terms.TeamZoneAsync(default);
            var occasion = InvoiceSchedule.LatestOccasion(TimeZoneInfo.ConvertTimeFromUtc(app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, zone), DayOfWeek.Monday, new TimeOnly(6, 0));
            week = InvoiceSchedule.DuePeriod(BillingSchedule.Weekly, occasion)!.Value;
        }

        // Ten unbilled entries per client in the week the run bills; the rest is a year of billed history before it.
        var unbilled = Math.Min(count, clientCount * 10);
        var history = Guid.CreateVersion7();
        const int batch = 20_000;
        for (var start = 0; start < count; start += batch)
        {
            await using var scope = app.Act(tenant, manager, TeamRole.OrganizationManager);
            var db = scope.Services.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var inWeek = i < unbilled;
                var (project, client, rate) = inWeek ? projects[i % projects.Count] : projects[random.Next(projects.Count)];
                var day = inWeek ? week.From.AddDays(random.Next(0, 7)) : week.From.AddDays(-random.Next(1, 365));
                var seconds = 60 * random.Next(15, 240);
                var billedSeconds = Rounding.Apply(seconds, RoundingMode.Up, 15);
                db.Add(new TimeEntry
                {
                    UserId = members[random.Next(members.Count)], ProjectId = project, ClientId = client, LocalDate = day, Seconds = seconds, Billable = true,
                    BillableSeconds = billedSeconds, RateAmount = rate, RateCurrency = "EUR", RateLevel = RateLevel.Project, AmountMinor = Money.ForTime(billedSeconds, rate, "EUR").MinorUnits,
                    StartUtc = day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), EndUtc = day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc).AddSeconds(seconds),
                    InvoiceId = inWeek ? null : history, BilledAt = inWeek ? null : now, CreatedAt = now, UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync();
        }

        await using (var scope = app.Act(tenant, manager, TeamRole.OrganizationManager))
        {
            var ledger = scope.Services.GetRequiredService<TimeLedger>();
            await scope.Services.GetRequiredService<IUnitOfWork>().RunAsync(ledger.RebuildTotalsAsync);
        }

        return (week, unbilled);
    }
}
