using System.IO.Compression;
using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.DataExport;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmSaaS.Tests.Team;

/// <summary>
/// A team's data leaves as one zip (every record as JSON and CSV, the invoices' PDF and XML) prepared
/// in the background, and the team can be deleted with everything it keeps after a grace period.
/// </summary>
public sealed class TeamDataShould
{
    private static async Task<Time.TimeWorld> TeamWithAnIssuedInvoiceAsync(AppFactory app)
    {
        var world = await Hosting.InstancesShould.WeeklyClientWithTimeAsync(app);
        await world.AsAsync(async sp =>
        {
            using var actor = SystemActor.Begin(typeof(CrmSaaS.Plugins.Billing.Domain.ScheduledInvoiceRun));
            await sp.GetRequiredService<CrmSaaS.Plugins.Billing.Domain.InvoiceRuns>().RunDueAsync(null, CrmSaaS.Plugins.Billing.Domain.RunTrigger.Schedule, default);
        });
        return world;
    }

    private static Task SeedDemoAsync(AppFactory app) => app.WithScopeAsync(sp => DemoSeeder.SeedAsync(sp, sp.GetRequiredService<IConfiguration>(), NullLogger.Instance));

    private static Task<TenantInfo> DemoTeamAsync(AppFactory app) => app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Tenants.AsNoTracking()
        .Where(t => t.Identifier == DatabaseStartup.DemoTeam).Select(t => new TenantInfo(t.Id, t.Identifier, t.Name, t.State, t.Currency)).SingleAsync());

    private static Task<int> RunExportsAsync(AppFactory app, CancellationToken cancellationToken = default) =>
        app.Services.GetRequiredService<TeamExports>().RunDueAsync(cancellationToken);

    [Fact]
    public async Task ExportEverythingOfTheTeamAndNothingElseInTheBackgroundWithProgress()
    {
        using var app = new AppFactory();
        await SeedDemoAsync(app);
        var world = await TeamWithAnIssuedInvoiceAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var invoice = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Plugins.Billing.Domain.Invoice>().AsNoTracking().SingleAsync());

        Assert.Contains("No export yet.", await manager.GetStringAsync("/team/export"));
        var asked = await manager.PostFormAsync("/team/export", []);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var waiting = await manager.GetStringAsync("/team/export?handler=Rows");
        Assert.Contains("Waiting", waiting);
        Assert.Contains("hx-trigger=\"every 2s\"", waiting);
        var again = await manager.PostFormAsync("/team/export", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("An export is already being prepared", await again.Content.ReadAsStringAsync());

        Assert.Equal(1, await RunExportsAsync(app));

        var ready = await manager.GetStringAsync("/team/export?handler=Rows");
        Assert.Contains("Ready", ready);
        Assert.DoesNotContain("hx-trigger", ready);
        var export = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<TeamExport>().AsNoTracking().SingleAsync());
        Assert.Equal((ExportStatus.Done, export.TablesTotal), (export.Status, export.TablesDone));
        var download = await manager.GetAsync($"/team/export?handler=Download&id={export.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"crmsaas-{world.Team.Tenant.Identifier}-", download.Content.Headers.ContentDisposition?.ToString());
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(export.Size, bytes.Length);

        using var zip = new ZipArchive(new MemoryStream(bytes));
        string Read(string name)
        {
            var entry = zip.GetEntry(name);
            Assert.True(entry is not null, $"{name} is missing from the export; it has {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
            using var reader = new StreamReader(entry.Open());
            return reader.ReadToEnd();
        }

        Assert.Contains(world.Manager.Email, Read("members.csv"));
        Assert.Contains(invoice.Number!, Read("json/Invoice.json"));
        Assert.Contains(invoice.Number!, Read("csv/Invoice.csv"));
        Assert.Contains("Last week", Read("json/TimeEntry.json"));
        var documents = zip.Entries.Where(e => e.FullName.StartsWith("files/InvoiceDocument/", StringComparison.Ordinal)).ToList();
        Assert.Contains(documents, d => d.Name.EndsWith(".pdf", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Name.EndsWith(".xml", StringComparison.Ordinal));
        using (var pdf = documents.First(d => d.Name.EndsWith(".pdf", StringComparison.Ordinal)).Open())
        {
            var head = new byte[4];
            await pdf.ReadExactlyAsync(head);
            Assert.Equal("%PDF"u8.ToArray(), head);
        }

        // Nothing of the demo team (another team in the same database), no secrets, not the export itself.
        var demo = await DemoTeamAsync(app);
        var everything = string.Join("\n", zip.Entries.Where(e => !e.FullName.StartsWith("files/", StringComparison.Ordinal)).Select(e => Read(e.FullName)));
        Assert.DoesNotContain(demo.Id.ToString(), everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@demo.test", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("\"\\w*(Hash|Secret|Password|Stamp)\\w*\"\\s*:", everything); // no such column (the audit log names a hidden field, escaped, without its value)
        Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("TeamExport", StringComparison.Ordinal));
        Assert.Contains(world.Team.Tenant.Id.ToString(), everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LetOnlyTheTeamsOrganizationManagersAskForAndDownloadAnExport()
    {
        using var app = new AppFactory();
        var team = await app.CreateTeamAsync("exp" + Guid.NewGuid().ToString("N")[..6], ("Olga", TeamRole.OrganizationManager), ("Tim", TeamRole.TeamMember));
        var other = await app.CreateTeamAsync("exo" + Guid.NewGuid().ToString("N")[..6], ("Otto", TeamRole.OrganizationManager));
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/team/export", [])).StatusCode);
        await RunExportsAsync(app);
        var id = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<TeamExport>().IgnoreQueryFilters().Select(e => e.Id).SingleAsync());

        var member = await app.SignInAsync(team, team[TeamRole.TeamMember]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/team/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/team/export?handler=Download&id={id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostWithTokenAsync("/team/export", [], await member.TokenAsync("/"))).StatusCode);
        var stranger = await app.SignInAsync(other, other[TeamRole.OrganizationManager]);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/team/export?handler=Download&id={id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/team/export?handler=Download&id={Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.Client.PostAsync("/team/export", new FormUrlEncodedContent([]))).StatusCode);
    }

    [Fact]
    public async Task FinishAnExportOnceWhenTheAppStopsMidwayOrAnInstanceDies()
    {
        using var app = new AppFactory();
        var world = await TeamWithAnIssuedInvoiceAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        await manager.PostFormAsync("/team/export", []);
        var exports = app.Services.GetRequiredService<TeamExports>();

        // Stopping while the export is written: it goes back to the queue, nothing half is kept.
        using (var stopping = new CancellationTokenSource())
        {
            exports.TableWritten = _ => stopping.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => exports.RunDueAsync(stopping.Token));
            exports.TableWritten = null;
        }

        var stopped = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<TeamExport>().AsNoTracking().SingleAsync());
        Assert.Equal((ExportStatus.Queued, (Guid?)null), (stopped.Status, stopped.ClaimToken));
        Assert.Equal(1, await exports.RunDueAsync(default));

        // An instance that died while writing: its claim runs out and the export is written again, once.
        var export = await world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var e = await db.Set<TeamExport>().SingleAsync();
            (e.Status, e.ClaimToken, e.ClaimedUntil, e.TablesDone) = (ExportStatus.Running, Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime.AddMinutes(1), 3);
            await db.SaveChangesAsync();
            return e;
        });
        Assert.Equal(0, await exports.RunDueAsync(default));
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await exports.RunDueAsync(default));

        var (done, chunks) = await world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.Set<TeamExport>().AsNoTracking().SingleAsync(), await db.Set<TeamExportChunk>().AsNoTracking().Where(c => c.ExportId == export.Id).ToListAsync());
        });
        Assert.Equal(ExportStatus.Done, done.Status);
        Assert.Equal(done.Size, chunks.Sum(c => (long)c.Data.Length));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index).Order());
        var download = await manager.GetAsync($"/team/export?handler=Download&id={export.Id}");
        using var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()));
        Assert.Contains(zip.Entries, e => e.FullName == "json/Invoice.json");
    }

    [Fact]
    public async Task DeleteTheTeamWithEverythingItKeepsAfterTheGracePeriodAndNothingOfAnotherTeam()
    {
        using var app = new AppFactory();
        await SeedDemoAsync(app);
        var other = await TeamWithAnIssuedInvoiceAsync(app);
        var demo = await DemoTeamAsync(app);
        var tables = await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<TeamDeletion>().TablesInDeletionOrder()));
        async Task<Dictionary<string, long>> RowsAsync(Guid tenantId) => await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var counts = new Dictionary<string, long>();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT COUNT(*) FROM \"{table.GetTableName()}\" WHERE \"TenantId\" = @t";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@t";
                parameter.Value = TestDatabase.IsPostgres ? tenantId : tenantId.ToString().ToUpperInvariant(); // SQLite keeps ids as upper-case text
                command.Parameters.Add(parameter);
                counts[table.GetTableName()!] = Convert.ToInt64(await command.ExecuteScalarAsync());
            }

            return counts;
        });
        var demoBefore = await RowsAsync(demo.Id);
        Assert.True(demoBefore.Count(c => c.Value > 0) >= 20, "The demo team fills most tables: " + string.Join(", ", demoBefore.Where(c => c.Value > 0).Select(c => c.Key)));
        var otherBefore = await RowsAsync(other.Team.Tenant.Id);

        var manager = await SignInToDemoAsync(app);
        var wrong = await manager.PostFormAsync("/team/settings?handler=Delete", new() { ["ConfirmIdentifier"] = "not-the-team" }, "/team/settings");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("Type the team&#x27;s address, demo, to confirm.", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/team/settings?handler=Delete", new() { ["ConfirmIdentifier"] = "demo" }, "/team/settings")).StatusCode);
        var settings = await manager.GetStringAsync("/team/settings");
        Assert.Contains("Keep the team", settings);
        Assert.Contains((app.Clock.GetUtcNow().UtcDateTime + TeamDeletion.GracePeriod).ToString("yyyy-MM-dd"), settings);
        var told = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Outbox.AsNoTracking().Where(m => m.Subject.Contains("will be deleted")).Select(m => m.To).ToListAsync());
        Assert.NotEmpty(told);

        // Kept, then asked for again; the hourly job leaves it alone until the grace period is over.
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/team/settings?handler=Keep", [], "/team/settings")).StatusCode);
        Assert.Contains("Delete the team after 30 days", await manager.GetStringAsync("/team/settings"));
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/team/settings?handler=Delete", new() { ["ConfirmIdentifier"] = "DEMO" }, "/team/settings")).StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(29));
        await app.Services.GetRequiredService<DeleteTeamsPastGracePeriod>().Invoke();
        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Tenants.AnyAsync(t => t.Id == demo.Id)));

        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.Services.GetRequiredService<DeleteTeamsPastGracePeriod>().Invoke();

        Assert.All(await RowsAsync(demo.Id), c => Assert.True(c.Value == 0, $"{c.Key} still has {c.Value} rows of the deleted team"));
        Assert.Equal(otherBefore, await RowsAsync(other.Team.Tenant.Id));
        Assert.False(await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Tenants.AnyAsync(t => t.Id == demo.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser("demo.localhost").GetAsync("/account/signin")).StatusCode);
        var otherManager = await app.SignInAsync(other.Team, other.Manager);
        Assert.Equal(HttpStatusCode.OK, (await otherManager.GetAsync("/billing/invoices")).StatusCode);
    }

    private static async Task<Browser> SignInToDemoAsync(AppFactory app)
    {
        var browser = app.Browser("demo.localhost");
        var signIns = await app.WithScopeAsync(sp => DemoSeeder.SeedAsync(sp, sp.GetRequiredService<IConfiguration>(), NullLogger.Instance));
        var manager = signIns.First(s => s.Who.Contains("Organization Manager", StringComparison.Ordinal));
        var response = await browser.PostFormAsync("/account/signin", new() { ["Input.Email"] = manager.Email, ["Input.Password"] = manager.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }
}
