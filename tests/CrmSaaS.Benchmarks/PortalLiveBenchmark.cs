using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Live;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Web.Hosting;
using CrmSaaS.Web.Team;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Benchmarks;

/// <summary>
/// portal-live: client contacts of many teams keep portal pages open — each connection a real HTTP
/// request to /portal/live on Kestrel, signed in with the contact's cookie — while every team gets one
/// live event a second (an invoice of its client changed). Measures the time from publishing to the
/// event arriving at each connection, and the process's memory growth from before connecting, per
/// connection. The readers run in the same process, so their sockets and buffers count against the
/// server: the figure is an upper bound.
/// </summary>
public static partial class PortalLiveBenchmark
{
    public static async Task RunAsync(int connections, int teams, int seconds)
    {
        await using var app = await BenchmarkApp.StartAsync(new Dictionary<string, string> { ["Urls"] = "http://127.0.0.1:0" }, listen: true);
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var seed = Stopwatch.StartNew();
        var worlds = new List<(TenantInfo Team, Guid Client, string Cookie)>();
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        for (var t = 0; t < teams; t++)
        {
            var (team, client, email) = await SeedTeamAsync(app, $"live{t}");
            worlds.Add((team, client, await SignInAsync(http, port, team.Identifier, email)));
        }

        Console.WriteLine($"seeded {teams} teams with a signed-in client contact each in {seed.Elapsed.TotalSeconds:F1} s; {BenchmarkApp.Machine()}");

        var before = Memory();
        var published = new ConcurrentDictionary<Guid, long>();
        var samples = new ConcurrentBag<double>();
        var ready = new CountdownEvent(connections);
        using var stop = new CancellationTokenSource();
        var readers = new List<Task>(connections);
        for (var c = 0; c < connections; c++)
        {
            var world = worlds[c % teams];
            readers.Add(Task.Run(() => ReadAsync(http, port, world.Team.Identifier, world.Cookie, ready, published, samples, stop.Token)));
        }

        if (!ready.Wait(TimeSpan.FromMinutes(2)))
        {
            throw new InvalidOperationException($"only {connections - ready.CurrentCount} of {connections} streams opened");
        }

        var bus = app.Services.GetRequiredService<InProcessLiveBus>();
        var open = worlds.Sum(w => bus.Connections(w.Team.Id));
        if (open != connections)
        {
            throw new InvalidOperationException($"{open} subscriptions for {connections} streams");
        }

        var connected = Memory();
        var clock = Stopwatch.StartNew();
        for (var second = 0; second < seconds; second++)
        {
            foreach (var (team, client, _) in worlds)
            {
                var subject = Guid.NewGuid();
                published[subject] = Stopwatch.GetTimestamp();
                bus.Publish(team.Id, new LiveEvent("invoice", subject, "billing.read", client));
            }

            var next = TimeSpan.FromSeconds(second + 1) - clock.Elapsed;
            if (next > TimeSpan.Zero)
            {
                await Task.Delay(next);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var expected = (long)connections * seconds;
        var after = Memory();
        await stop.CancelAsync();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { })));
        var delivered = samples.ToList();
        if (delivered.Count != expected)
        {
            throw new InvalidOperationException($"{delivered.Count} deliveries of {expected}");
        }

        var growth = Math.Max(connected, after) - before;
        Console.WriteLine($"rss before {before / 1048576.0:F0} MB, connected {connected / 1048576.0:F0} MB, after {seconds} s of events {after / 1048576.0:F0} MB; {delivered.Count} deliveries");
        Console.WriteLine($"portal-live connections={connections} delivery_p50_ms={BenchmarkApp.Percentile(delivered, 0.50):F2} delivery_p99_ms={BenchmarkApp.Percentile(delivered, 0.99):F2} " +
                          $"rss_mb={after / 1048576.0:F0} kb_per_connection={growth / 1024.0 / connections:F1}");
    }

    /// <summary>The process's resident memory after a full collection.</summary>
    private static long Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    private static async Task ReadAsync(HttpClient http, int port, string team, string cookie, CountdownEvent ready,
        ConcurrentDictionary<Guid, long> published, ConcurrentBag<double> samples, CancellationToken stop)
    {
        using var request = Request(HttpMethod.Get, port, team, "/portal/live", cookie);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"/portal/live answered {(int)response.StatusCode}");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
        string? name = null;
        try
        {
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                    if (name == "ready")
                    {
                        ready.Signal();
                    }
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && name == "invoice" && published.TryGetValue(Guid.Parse(line.AsSpan(6)), out var at))
                {
                    samples.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, int port, string team, string path, string? cookie)
    {
        var request = new HttpRequestMessage(method, $"http://127.0.0.1:{port}{path}");
        request.Headers.Host = $"{team}.localhost:{port}";
        if (!string.IsNullOrEmpty(cookie))
        {
            request.Headers.Add("Cookie", cookie);
        }

        return request;
    }

    /// <summary>Signs the contact in through the sign-in page; the cookies to send afterwards.</summary>
    internal static async Task<string> SignInAsync(HttpClient http, int port, string team, string email)
    {
        using var page = await http.SendAsync(Request(HttpMethod.Get, port, team, "/account/signin", null));
        if (page.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"the sign-in page answered {(int)page.StatusCode} {page.Headers.Location}");
        }

        var antiforgery = Cookies(page);
        var token = Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = Request(HttpMethod.Post, port, team, "/account/signin", antiforgery);
        post.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = Password, ["__RequestVerificationToken"] = token,
        });
        using var signedIn = await http.SendAsync(post);
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"signing in answered {(int)signedIn.StatusCode}");
        }

        return antiforgery + "; " + Cookies(signedIn);
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v[..v.IndexOf(';')]) : []);

    private const string Password = "Bench-pass-1";

    /// <summary>A team with a client, its project, and a contact of the client who accepted an invitation to it.</summary>
    private static async Task<(TenantInfo Team, Guid Client, string Email)> SeedTeamAsync(BenchmarkApp app, string identifier)
    {
        var (team, _, client, _, email) = await SeedContactAsync(app, identifier);
        return (team, client, email);
    }

    /// <summary>A team with a client, its project, and a contact of the client (one of its billing contacts) who accepted an invitation to it.</summary>
    internal static async Task<(TenantInfo Team, Guid Manager, Guid Client, Guid Project, string Email)> SeedContactAsync(BenchmarkApp app, string identifier)
    {
        var (team, manager) = await app.CreateTeamAsync(identifier);
        await using var scope = app.Act(team, manager, TeamRole.OrganizationManager);
        var db = scope.Services.GetRequiredService<AppDbContext>();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var email = $"contact@{identifier}.bench";
        var user = await scope.Services.GetRequiredService<TeamProvisioning>().CreateUserAsync("Bench Contact", email, Password, "en", "");
        var client = new Client { Name = "Live Client", Status = ClientStatus.Active, ResponsibleManagerId = manager, CreatedBy = manager, CreatedAt = now, UpdatedAt = now, Country = "DE" };
        var contact = new Contact { FirstName = "Bench", LastName = "Contact", Email = email, EmailNormalized = email.ToUpperInvariant(), ClientId = client.Id, OwnerId = manager, CreatedAt = now, UpdatedAt = now };
        var project = new Project { ClientId = client.Id, Name = "Live Project", Code = "LIVE", CreatedAt = now, UpdatedAt = now, CreatedBy = manager };
        db.AddRange(client, contact, project);
        db.Add(new ProjectMember { ProjectId = project.Id, Role = ProjectRole.Viewer, ContactId = contact.Id, UserId = user.Id, Email = email, AcceptedAt = now, AddedAt = now, AddedBy = manager });
        // A billing contact: sees the client's invoices and hears of them.
        db.Add(new CrmSaaS.Plugins.Billing.Domain.ClientBillingContact { ClientId = client.Id, ContactId = contact.Id });
        await db.SaveChangesAsync();
        return (team, manager, client.Id, project.Id, email);
    }

    /// <summary>
    /// portal-dashboard: the portal's overview (/portal) for a contact whose client has
    /// <paramref name="entries"/> time entries over a year on its project and <paramref name="invoices"/>
    /// issued invoices (every other one paid), requested over HTTP on Kestrel with the contact's cookie.
    /// </summary>
    public static async Task RunDashboardAsync(int entries, int invoices, int iterations)
    {
        await using var app = await BenchmarkApp.StartAsync(new Dictionary<string, string> { ["Urls"] = "http://127.0.0.1:0" }, listen: true);
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var (team, manager, client, project, email) = await SeedContactAsync(app, "overview");
        await using (var scope = app.Act(team, manager, TeamRole.OrganizationManager))
        {
            var db = scope.Services.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var random = new Random(7);
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var today = DateOnly.FromDateTime(now);
            for (var i = 0; i < entries; i++)
            {
                var day = today.AddDays(-random.Next(0, 365));
                var seconds = 900 * random.Next(1, 16);
                db.Add(new CrmSaaS.Plugins.Time.Domain.TimeEntry
                {
                    UserId = manager, ProjectId = project, ClientId = client, LocalDate = day, Seconds = seconds, Billable = true, BillableSeconds = seconds,
                    RateAmount = 100m, RateCurrency = "EUR", AmountMinor = seconds * 10_000L / 3600, CreatedAt = now, UpdatedAt = now,
                    Description = "Work on the portal",
                });
            }

            for (var i = 0; i < invoices; i++)
            {
                var issued = today.AddDays(-i);
                var gross = 10_000L + i;
                db.Add(new CrmSaaS.Plugins.Billing.Domain.Invoice
                {
                    Kind = CrmSaaS.Plugins.Billing.Domain.DocumentKind.Invoice, ClientId = client, Number = $"2026-{i + 1:00000}", Currency = "EUR", PeriodTo = issued,
                    IssueDate = issued, DueDate = issued.AddDays(14), BuyerName = "Live Client", NetMinor = gross, GrossMinor = gross, CreatedAt = now, IssuedAt = now, SentAt = now,
                    Status = i % 2 == 0 ? CrmSaaS.Plugins.Billing.Domain.InvoiceStatus.Paid : CrmSaaS.Plugins.Billing.Domain.InvoiceStatus.Sent, PaidMinor = i % 2 == 0 ? gross : 0,
                });
            }

            await db.SaveChangesAsync();
            await scope.Services.GetRequiredService<CrmSaaS.Kernel.Data.IUnitOfWork>().RunAsync(scope.Services.GetRequiredService<CrmSaaS.Plugins.Time.Domain.TimeLedger>().RebuildTotalsAsync);
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
        var cookie = await SignInAsync(http, port, team.Identifier, email);
        var samples = new List<double>();
        for (var i = 0; i < iterations + 5; i++)
        {
            using var request = Request(HttpMethod.Get, port, team.Identifier, "/portal", cookie);
            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            var html = await response.Content.ReadAsStringAsync();
            var ms = watch.Elapsed.TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK || !html.Contains("id=\"portal-open-invoices\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"/portal answered {(int)response.StatusCode} without the open invoice");
            }

            if (i >= 5)
            {
                samples.Add(ms); // the first requests warm up
            }
        }

        var (p50, p95) = BenchmarkApp.Percentiles(samples);
        Console.WriteLine($"machine: {BenchmarkApp.Machine()}");
        Console.WriteLine($"portal-dashboard entries={entries} invoices={invoices} p50_ms={p50:F2} p95_ms={p95:F2}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
