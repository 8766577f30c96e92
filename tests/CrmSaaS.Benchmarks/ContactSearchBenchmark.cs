using System.Diagnostics;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Contacts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Search;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CrmSaaS.Kernel.Common;

namespace CrmSaaS.Benchmarks;

/// <summary>
/// Seeds one team with N contacts (and two other teams with N/5 each as noise) and times the query
/// behind the contacts search box — the same mediator request the page sends, first page and total count.
/// </summary>
public static class ContactSearchBenchmark
{
    private static readonly string[] FirstNames = ["Anna", "Jonas", "Lea", "Lukas", "Mia", "Felix", "Emma", "Paul", "Sophie", "Max", "Olivia", "James", "Amelia", "Noah", "Elif", "Mehmet", "Sara", "David", "Clara", "Ben", "Hannah", "Leon", "Marie", "Finn", "Lina", "Elias", "Emilia", "Luis", "Ida", "Henry", "Greta", "Oskar", "Frieda", "Anton", "Mila", "Theo", "Luisa", "Karl", "Nora", "Jakob"];
    private static readonly string[] LastNames = ["Schmidt", "Müller", "Weber", "Fischer", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Wagner", "Smith", "Johnson", "Brown", "Taylor", "Yılmaz", "Novak", "Lindqvist", "García", "Rossi", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler"];
    private static readonly string[] Words = ["Nordlicht", "Brightwave", "Alpine", "Harbor", "Kite", "Pixel", "Orbit", "Lindenau", "Sommer", "Falken", "Quartz", "Meridian", "Atlas", "Cobalt", "Nimbus", "Vertex", "Juniper", "Solace", "Tandem", "Willow"];
    private static readonly string[] Forms = ["GmbH", "AG", "Ltd", "Studio", "Reisen", "Analytics", "Partners", "Labs", "Media", "Group"];

    /// <summary>What people type: a name prefix, a full surname, an umlaut, two words, a company, an email domain, phone digits.</summary>
    private static readonly string[] Terms = ["anna", "schmidt", "mül", "anna sch", "nordlicht", "jo", "brightwave.test", "1234", "kr", "lena"];

    public static async Task RunAsync(int contacts, int iterations)
    {
        await using var app = await BenchmarkApp.StartAsync();
        var (team, manager) = await app.CreateTeamAsync("bench");
        var seed = Stopwatch.StartNew();
        await SeedAsync(app, team, manager, contacts, 1);
        var noise = new List<(Kernel.Tenancy.TenantInfo, Guid)>();
        for (var i = 0; i < 2; i++)
        {
            var other = await app.CreateTeamAsync($"noise{i}");
            await SeedAsync(app, other.Tenant, other.Manager, contacts / 5, 100 + i);
        }

        Console.WriteLine($"seeded {contacts} contacts (+{2 * (contacts / 5)} in other teams) in {seed.Elapsed.TotalSeconds:F1} s");
        await using (var maintenance = app.Services.CreateAsyncScope())
        {
            // What the hourly job does after the seeding's bulk writes.
            var watch = Stopwatch.StartNew();
            await maintenance.ServiceProvider.GetRequiredService<DatabaseMaintenance>().Invoke();
            Console.WriteLine($"statistics refreshed in {watch.ElapsedMilliseconds} ms");
        }

        await PrintPlanAsync(app, team, manager);

        var samples = new List<double>();
        var perTerm = Terms.ToDictionary(t => t, _ => new List<double>());
        for (var round = -2; round < iterations; round++)
        {
            foreach (var term in Terms)
            {
                await using var scope = app.Act(team, manager, TeamRole.OrganizationManager);
                var mediator = scope.Services.GetRequiredService<IMediator>();
                IndexModel.Query query = new() { Search = term };
                int total = 0;
                var ms = await BenchmarkApp.TimeAsync(async () => total = (await mediator.Send(query)).Total);
                if (round >= 0)
                {
                    samples.Add(ms);
                    perTerm[term].Add(ms);
                }
                else if (round == -1)
                {
                    Console.WriteLine($"  '{term}': {total} matches");
                }
            }
        }

        foreach (var (term, times) in perTerm)
        {
            var (p50Term, p95Term) = BenchmarkApp.Percentiles(times);
            Console.WriteLine($"  '{term}': p50 {p50Term:F1} ms, p95 {p95Term:F1} ms");
        }

        var (p50, p95) = BenchmarkApp.Percentiles(samples);
        Console.WriteLine($"machine: {BenchmarkApp.Machine()}");
        Console.WriteLine($"contact-search p50_ms={p50:F1} p95_ms={p95:F1} contacts={contacts}");
    }

    /// <summary>Shows how SQLite runs the search, so a regression in the plan is visible beside the numbers.</summary>
    private static async Task PrintPlanAsync(BenchmarkApp app, Kernel.Tenancy.TenantInfo team, Guid manager)
    {
        await using var scope = app.Act(team, manager, TeamRole.OrganizationManager);
        var db = scope.Services.GetRequiredService<AppDbContext>();
        var tokens = db.Set<ContactSearchToken>();
        var (term, end) = ("anna", SearchText.PrefixEnd("anna"));
        var query = tokens.Where(t => string.Compare(t.Token, term) >= 0 && string.Compare(t.Token, end) < 0)
            .Select(t => new { Id = t.ContactId, Key = t.SortKey }).Distinct().OrderBy(x => x.Key).ThenBy(x => x.Id).Take(25);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var sql = query.ToQueryString().Split('\n');
        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', sql.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        foreach (var line in sql.Where(l => l.StartsWith(".param", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ', 4);
            var parameter = command.CreateParameter();
            parameter.ParameterName = parts[2];
            parameter.Value = parts[3].Trim('\'') is var v && int.TryParse(v, out var n) ? n : v;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine("  plan: " + reader.GetString(3));
        }
    }

    private static async Task SeedAsync(BenchmarkApp app, Kernel.Tenancy.TenantInfo tenant, Guid owner, int count, int randomSeed)
    {
        var random = new Random(randomSeed);
        var clients = new List<(Guid Id, string Name)>();
        const int batch = 5_000;
        for (var start = 0; start < count; start += batch)
        {
            await using var scope = app.Act(tenant, owner, TeamRole.OrganizationManager);
            var db = scope.Services.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var index = scope.Services.GetRequiredService<ContactSearchIndex>();
            var now = DateTime.UtcNow;
            if (clients.Count == 0)
            {
                for (var c = 0; c < Math.Max(10, count / 50); c++)
                {
                    var client = new Client { Name = $"{Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]} {Forms[random.Next(Forms.Length)]} {c}", ResponsibleManagerId = owner, CreatedBy = owner, CreatedAt = now, UpdatedAt = now };
                    db.Add(client);
                    clients.Add((client.Id, client.Name));
                }
            }

            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var first = FirstNames[random.Next(FirstNames.Length)];
                var last = LastNames[random.Next(LastNames.Length)];
                var (clientId, clientName) = clients[random.Next(clients.Count)];
                var domain = new string(TextKeys.Fold(clientName.Split(' ')[0]).Where(char.IsLetter).ToArray()) + ".test";
                var contact = new Contact
                {
                    FirstName = first, LastName = last, Email = $"{TextKeys.Fold(first)}.{TextKeys.Fold(last)}{i}@{domain}", Phone = $"+49 30 {random.Next(1000000, 9999999)}",
                    ClientId = clientId, OwnerId = owner, CreatedAt = now, UpdatedAt = now,
                };
                contact.EmailNormalized = contact.Email.ToUpperInvariant();
                db.Add(contact);
                index.AddNew(contact, clientName);
            }

            await db.SaveChangesAsync();
        }
    }
}
