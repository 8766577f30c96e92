using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Billing;

/// <summary>
/// The scheduled run: one invoice per client and period whatever runs at once, crashes or reruns;
/// a missed run caught up; one client's failure recorded while the others go on; DST-proof occasions.
/// The clock stands on Monday 2026-11-02 09:00 UTC (10:00 in Berlin), so the Monday 06:00 run is due
/// for the week of 26 October to 1 November.
/// </summary>
public sealed class InvoiceRunsShould(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly DateOnly WeekEnd = new(2026, 11, 1);

    private async Task<TimeWorld> WeeklyClientAsync(bool autoIssue = true, bool autoSend = false)
    {
        var world = await TimeWorld.CreateAsync(app);
        await world.AddRateAsync(RateLevel.Client, 100m, world.Today.AddDays(-60), client: world.Client);
        // Two entries in the week the run bills, one in the current week.
        foreach (var (day, minutes) in new[] { (WeekEnd.AddDays(-5), 60), (WeekEnd.AddDays(-1), 90), (WeekEnd.AddDays(1), 30) })
        {
            await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
                new EntryInput(world.Project, null, null, null, day, TimeSpan.FromMinutes(minutes), $"Work {day}", true), default));
        }

        await world.AsAsync(async sp =>
        {
            var settings = await sp.GetRequiredService<AppDbContext>().Set<ClientBillingSettings>().SingleAsync(s => s.ClientId == world.Client);
            settings.Schedule = BillingSchedule.Weekly;
            settings.AutoIssue = autoIssue;
            settings.AutoSend = autoSend;
        });
        return world;
    }

    /// <summary>The run as the scheduled job does it for one team: as its system actor, outside any unit of work.</summary>
    private Task<IReadOnlyList<RunOutcome>> RunAsync(TimeWorld world) => app.WithScopeAsync(async sp =>
    {
        using var actor = SystemActor.Begin(typeof(ScheduledInvoiceRun));
        return await sp.GetRequiredService<InvoiceRuns>().RunDueAsync(null, RunTrigger.Schedule, default);
    }, world.Team.Tenant);

    private Task<(List<Invoice> Invoices, List<InvoiceRun> Runs)> StateAsync(TimeWorld world) => world.AsAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        return (await db.Set<Invoice>().AsNoTracking().Include(i => i.Lines).ThenInclude(l => l.Entries).ToListAsync(), await db.Set<InvoiceRun>().AsNoTracking().ToListAsync());
    });

    [Fact]
    public async Task IssueOneInvoicePerClientAndPeriodHoweverManyRunsGoAtOnce()
    {
        var world = await WeeklyClientAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunAsync(world))));
        await RunAsync(world);

        var (invoices, runs) = await StateAsync(world);
        var invoice = Assert.Single(invoices);
        var run = Assert.Single(runs);
        Assert.Equal((RunStatus.Created, invoice.Id, WeekEnd, WeekEnd.AddDays(-6)), (run.Status, run.InvoiceId, run.PeriodTo, run.PeriodFrom));
        Assert.Equal(InvoiceStatus.Issued, invoice.Status);
        Assert.Equal("2026-00001", invoice.Number);
        Assert.Equal(WeekEnd, invoice.PeriodTo);
        // This morning's half hour belongs to next week's invoice.
        Assert.Equal(2, invoice.Lines.SelectMany(l => l.Entries).Count());
        Assert.Single(outcomes.SelectMany(o => o));
    }

    [Fact]
    public async Task NumberEveryClientsInvoiceOnceAndWithoutGapsWhenClientsAreWorkedAtOnce()
    {
        // On PostgreSQL a run works several clients at once (each its own unit of work); on SQLite one after another.
        var world = await WeeklyClientAsync();
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var clients = new List<Guid> { world.Client };
        for (var i = 1; i < 7; i++)
        {
            var client = await CrmSaaS.Tests.Crm.CrmApp.CreateClientAsync(manager, $"Parallel {i}", world.Manager.UserId);
            var project = await CrmSaaS.Tests.Projects.ProjectsApp.CreateProjectAsync(manager, client, $"Work {i}");
            await world.AddRateAsync(RateLevel.Client, 80m + i, world.Today.AddDays(-60), client: client);
            await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
                new EntryInput(project, null, null, null, WeekEnd.AddDays(-2), TimeSpan.FromMinutes(30 + i), $"Work {i}", true), default));
            await world.AsAsync(async sp =>
            {
                var settings = await sp.GetRequiredService<AppDbContext>().Set<ClientBillingSettings>().SingleAsync(s => s.ClientId == client);
                (settings.Schedule, settings.AutoIssue) = (BillingSchedule.Weekly, true);
            });
            clients.Add(client);
        }

        var outcomes = await Task.WhenAll(RunAsync(world), RunAsync(world));

        var (invoices, runs) = await StateAsync(world);
        Assert.Equal(clients.Order(), invoices.Select(i => i.ClientId).Order());
        Assert.All(invoices, i => Assert.Equal(InvoiceStatus.Issued, i.Status));
        Assert.Equal(Enumerable.Range(1, clients.Count).Select(n => $"2026-{n:00000}"), invoices.Select(i => i.Number!).Order());
        Assert.Equal(clients.Count, runs.Count(r => r.Status == RunStatus.Created));
        Assert.Equal(clients.Count, outcomes.SelectMany(o => o).Count());
        var documents = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<InvoiceDocument>().AsNoTracking().CountAsync());
        Assert.Equal(2 * clients.Count, documents);
    }

    [Fact]
    public async Task TakeOverARunThatDiedHalfWayOnceItsLeaseRanOut()
    {
        var world = await WeeklyClientAsync();
        // A run claimed the client and died before its transaction committed: only its row is left.
        await world.AsAsync(async sp =>
        {
            sp.GetRequiredService<AppDbContext>().Add(new InvoiceRun
            {
                ClientId = world.Client, PeriodFrom = WeekEnd.AddDays(-6), PeriodTo = WeekEnd, Status = RunStatus.Pending, Attempts = 1,
                LeaseToken = Guid.NewGuid(), LeaseUntil = world.Now.AddMinutes(5), CreatedAt = world.Now,
            });
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });

        Assert.Empty(await RunAsync(world));
        Assert.Empty((await StateAsync(world)).Invoices);

        // The clock only moves forward; every test here stays within the week after the billed one.
        app.Clock.Advance(InvoiceRuns.Lease);
        var outcome = Assert.Single(await RunAsync(world));
        Assert.Equal(RunStatus.Created, outcome.Status);
        var (invoices, runs) = await StateAsync(world);
        Assert.Single(invoices);
        Assert.Equal((2, RunStatus.Created), (Assert.Single(runs).Attempts, runs[0].Status));
        Assert.Empty(await RunAsync(world));
    }

    [Fact]
    public async Task RecordAFailingClientGoOnWithTheOthersAndRetryByHand()
    {
        var world = await WeeklyClientAsync();
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var other = await Crm.CrmApp.CreateClientAsync(manager, "Dollar Client", world.Manager.UserId);
        var project = await Projects.ProjectsApp.CreateProjectAsync(manager, other, "Priced in dollars");
        await world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new Rate { Level = RateLevel.Project, ProjectId = project, Amount = 80m, Currency = "USD", EffectiveFrom = world.Today.AddDays(-30), CreatedAt = world.Now });
            (await db.Set<ClientBillingSettings>().SingleAsync(s => s.ClientId == other)).Schedule = BillingSchedule.Weekly;
            await db.SaveChangesAsync();
        });
        await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
            new EntryInput(project, null, null, null, WeekEnd.AddDays(-2), TimeSpan.FromHours(2), "Dollars", true), default));

        var outcomes = await RunAsync(world);

        Assert.Equal(RunStatus.Created, outcomes.Single(o => o.ClientId == world.Client).Status);
        var failed = outcomes.Single(o => o.ClientId == other);
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains("no exchange rate from USD to EUR", failed.Reason, StringComparison.Ordinal);
        var (invoices, runs) = await StateAsync(world);
        Assert.Single(invoices);
        Assert.Empty(await RunAsync(world));

        var log = await manager.GetStringAsync("/billing/runs");
        Assert.Contains("no exchange rate from USD to EUR", log, StringComparison.Ordinal);
        Assert.Contains("Try again", log, StringComparison.Ordinal);

        // With a rate in the team's table, the retry from the log invoices it.
        var rate = await manager.PostFormAsync("/billing/exchange-rates", new() { ["Input.Day"] = WeekEnd.AddDays(-10).ToString("yyyy-MM-dd"), ["Input.From"] = "USD", ["Input.To"] = "EUR", ["Input.Rate"] = "0.9" });
        Assert.Equal(HttpStatusCode.Redirect, rate.StatusCode);
        var retry = await manager.PostFormAsync("/billing/runs?handler=Retry", new() { ["runId"] = runs.Single(r => r.ClientId == other).Id.ToString() }, tokenFrom: "/billing/runs");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        var converted = (await StateAsync(world)).Invoices.Single(i => i.ClientId == other);
        Assert.Equal(("USD", 0.9m, 14400L), (converted.FxFrom, converted.FxRate, converted.NetMinor)); // 2 h × 80 USD × 0.9
    }

    [Fact]
    public async Task CatchUpAMissedRunAndLeaveDraftsWhenIssuingIsOff()
    {
        var world = await WeeklyClientAsync(autoIssue: false);
        // The app was down over Monday morning and comes back on Wednesday: Monday's run is the latest due.
        app.Clock.Advance(TimeSpan.FromDays(2));
        var outcome = Assert.Single(await RunAsync(world));
        Assert.Equal((RunStatus.Created, WeekEnd), (outcome.Status, outcome.PeriodTo));
        var invoice = Assert.Single((await StateAsync(world)).Invoices);
        Assert.Equal((InvoiceStatus.Draft, (string?)null), (invoice.Status, invoice.Number));
    }

    [Fact]
    public async Task SendOnceWithBothDocumentsToTheBillingContacts()
    {
        var world = await WeeklyClientAsync(autoSend: true);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var contact = await world.AsAsync(sp => sp.GetRequiredService<CrmSaaS.Plugins.Crm.Contracts.ICrmDirectory>().Contacts.Where(c => c.ClientId == world.Client).Select(c => new { c.Id, c.Email }).SingleAsync());
        await world.AsAsync(async sp =>
        {
            sp.GetRequiredService<AppDbContext>().Add(new ClientBillingContact { ClientId = world.Client, ContactId = contact.Id });
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });

        await RunAsync(world);

        var invoice = Assert.Single((await StateAsync(world)).Invoices);
        Assert.Equal(InvoiceStatus.Sent, invoice.Status);
        var mail = Assert.Single(await app.OutboxAsync(contact.Email!));
        Assert.Contains(invoice.Number!, mail.Subject, StringComparison.Ordinal);
        var attachments = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Kernel.Email.OutboxAttachment>().AsNoTracking()
            .Where(a => a.MessageId == mail.Id).Select(a => a.FileName).ToListAsync());
        Assert.Equal([$"invoice-{invoice.Number}.pdf", $"invoice-{invoice.Number}.xml"], attachments.Order());

        var url = $"/billing/invoices/{invoice.Id}";
        var again = await manager.PostFormAsync(url + "?handler=Send", [], tokenFrom: url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("sent already", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await app.OutboxAsync(contact.Email!));

        // Issuing and sending are in the audit log, though both are conditional updates.
        var audit = await world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Kernel.Audit.AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == nameof(Invoice) && a.EntityId == invoice.Id.ToString()).Select(a => a.Changes!).ToListAsync());
        Assert.Contains(audit, c => c.Contains("\"Number\":[null,", StringComparison.Ordinal));
        Assert.Contains(audit, c => c.Contains("\"SentAt\":[null,", StringComparison.Ordinal) && c.Contains("\"Status\":[\"Issued\",\"Sent\"]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LetOnlyThoseWhoIssueRunItByHand()
    {
        var world = await WeeklyClientAsync();
        var sales = await app.SignInAsync(world.Team, world.Team[TeamRole.SalesManager]);
        Assert.Contains("Not run yet", await sales.GetStringAsync("/billing/runs"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.PostFormAsync("/billing/runs?handler=RunAll", [], tokenFrom: "/billing/runs")).StatusCode);
        Assert.Empty((await StateAsync(world)).Runs);

        var manager = await app.SignInAsync(world.Team, world.Manager);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/billing/runs?handler=Run", new() { ["clientId"] = world.Client.ToString() }, tokenFrom: "/billing/runs")).StatusCode);
        Assert.Equal(RunTrigger.Manual, Assert.Single((await StateAsync(world)).Runs).Trigger);
    }

    [Theory]
    // Spring forward in Berlin (28 March 2027, 02:00 → 03:00): a Sunday 02:30 run happens once, at 03:00.
    [InlineData("2027-03-28T00:59:00Z", DayOfWeek.Sunday, "02:30", "2027-03-21")]
    [InlineData("2027-03-28T01:00:00Z", DayOfWeek.Sunday, "02:30", "2027-03-28")]
    // Fall back (31 October 2027, 03:00 → 02:00): 02:30 comes twice, the occasion is the same date both times.
    [InlineData("2027-10-31T00:30:00Z", DayOfWeek.Sunday, "02:30", "2027-10-31")]
    [InlineData("2027-10-31T01:30:00Z", DayOfWeek.Sunday, "02:30", "2027-10-31")]
    // Monday 06:00 Berlin is 05:00 UTC in winter.
    [InlineData("2026-11-02T04:59:00Z", DayOfWeek.Monday, "06:00", "2026-10-26")]
    [InlineData("2026-11-02T05:00:00Z", DayOfWeek.Monday, "06:00", "2026-11-02")]
    public void FindTheOccasionInTheTeamsTimeAcrossDaylightSaving(string utc, DayOfWeek day, string at, string expected)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.Parse(utc, null, System.Globalization.DateTimeStyles.AdjustToUniversal), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        Assert.Equal(DateOnly.Parse(expected), InvoiceSchedule.LatestOccasion(local, day, TimeOnly.Parse(at)));
    }

    [Theory]
    [InlineData(BillingSchedule.Weekly, "2026-11-02", "2026-10-26", "2026-11-01")]
    [InlineData(BillingSchedule.Weekly, "2027-03-29", "2027-03-22", "2027-03-28")]
    [InlineData(BillingSchedule.EveryTwoWeeks, "2026-11-02", "2026-10-19", "2026-11-01")]
    [InlineData(BillingSchedule.EveryTwoWeeks, "2026-11-09", "2026-10-19", "2026-11-01")]
    [InlineData(BillingSchedule.Monthly, "2026-11-02", "2026-10-01", "2026-10-31")]
    [InlineData(BillingSchedule.Monthly, "2026-11-30", "2026-10-01", "2026-10-31")]
    [InlineData(BillingSchedule.Monthly, "2026-12-07", "2026-11-01", "2026-11-30")]
    public void BillThePeriodBeforeTheOccasion(BillingSchedule schedule, string occasion, string from, string to)
    {
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), InvoiceSchedule.DuePeriod(schedule, DateOnly.Parse(occasion)));
    }
}
