using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Crm;

public class ImportShould(AppFactory app) : IClassFixture<AppFactory>
{
    private const string ContactsCsv =
        "Vorname;Nachname;E-Mail;Firma;Telefon;Tags\n" +
        "Anna;Alpha;anna@alpha.test;Alpha GmbH;+49 1;vip\n" +
        "Bert;Beta;bert@beta.test;Beta AG;;\n" +
        ";Nameless;nameless@x.test;;;\n" +
        "Carl;Bad;not-an-email;;;\n" +
        "Dora;Dupe;dora@dupe.test;;;\n" +
        "Anna;Again;ANNA@alpha.test;;;\n" +
        "\"Eve, Jr.\";\"Quote \"\"Q\"\"\";eve@e.test;Alpha GmbH;;\n";

    private async Task<(TestTeam Team, Browser Browser)> ArrangeAsync()
    {
        var team = await CrmApp.TeamAsync(app);
        var browser = await app.SignInAsync(team, team[TeamRole.SalesRepresentative]);
        await CrmApp.CreateContactAsync(browser, "Dora", "Existing", team[TeamRole.SalesRepresentative].UserId, "dora@dupe.test");
        return (team, browser);
    }

    private static async Task<string> UploadAsync(Browser browser, string csv, string kind = "Contacts")
    {
        var response = await browser.PostFileAsync("/crm/import", new() { ["Kind"] = kind }, "CsvFile", "people.csv", csv);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private Task<List<Contact>> ContactsAsync(TestTeam team) => app.WithScopeAsync(sp =>
        sp.GetRequiredService<AppDbContext>().Set<Contact>().Include(c => c.Client).OrderBy(c => c.LastName).ToListAsync(), team.Tenant);

    [Fact]
    public async Task GuessTheColumnsPreviewEveryProblemAndImportOnlyValidRows()
    {
        var (team, browser) = await ArrangeAsync();
        var batch = await UploadAsync(browser, ContactsCsv);

        var mapping = await browser.GetStringAsync(batch);
        Assert.Matches("name=\"mapping\\[FirstName\\]\"[^>]*>\\s*<option value=\"-1\">[^<]*</option>\\s*<option value=\"0\" selected", mapping);

        var mapped = await browser.PostFormAsync(batch + "?handler=Map", new()
        {
            ["mapping[FirstName]"] = "0", ["mapping[LastName]"] = "1", ["mapping[Email]"] = "2", ["mapping[Client]"] = "3", ["mapping[Phone]"] = "4", ["mapping[Tags]"] = "5",
            ["duplicates"] = "Skip",
        }, tokenFrom: batch);
        var preview = await browser.GetStringAsync(mapped.Headers.Location!.OriginalString);
        Assert.Contains("3 new", preview);
        Assert.Contains("2 skipped as duplicates", preview);
        Assert.Contains("2 with errors", preview);
        Assert.Empty(await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Contact>().Where(c => c.LastName == "Alpha").ToListAsync(), team.Tenant));

        var applied = await browser.PostFormAsync(batch + "?handler=Apply", [], tokenFrom: batch);
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);

        var contacts = await ContactsAsync(team);
        Assert.Equal(["Alpha", "Beta", "Existing", "Quote \"Q\""], contacts.Select(c => c.LastName));
        Assert.Equal("Alpha GmbH", contacts.Single(c => c.LastName == "Alpha").Client!.Name);
        Assert.Equal(contacts.Single(c => c.LastName == "Alpha").ClientId, contacts.Single(c => c.FirstName == "Eve, Jr.").ClientId);
        Assert.Equal(",vip,", contacts.Single(c => c.LastName == "Alpha").Tags);
        Assert.Contains("Bert", await browser.GetStringAsync("/crm/contacts?Search=beta"));

        var report = await browser.GetStringAsync(batch);
        Assert.Contains("import-report", report);
        Assert.Contains("Email: Enter a valid email address.", report);
        Assert.Matches("<td>4</td>\\s*<td>Invalid</td>", report);
    }

    [Fact]
    public async Task MergeDuplicatesWhenAsked()
    {
        var (team, browser) = await ArrangeAsync();
        var batch = await UploadAsync(browser, "First name,Last name,Email,Position\nDora,Existing,dora@dupe.test,Chief Baker\n");

        await browser.PostFormAsync(batch + "?handler=Map", new() { ["mapping[FirstName]"] = "0", ["mapping[LastName]"] = "1", ["mapping[Email]"] = "2", ["mapping[Position]"] = "3", ["duplicates"] = "Merge" }, tokenFrom: batch);
        await browser.PostFormAsync(batch + "?handler=Apply", [], tokenFrom: batch);

        var dora = Assert.Single(await ContactsAsync(team));
        Assert.Equal("Chief Baker", dora.Position);
    }

    [Fact]
    public async Task ImportNothingWhenCancelled()
    {
        var (team, browser) = await ArrangeAsync();
        var batch = await UploadAsync(browser, ContactsCsv);

        var cancelled = await browser.PostFormAsync(batch + "?handler=Cancel", [], tokenFrom: batch);
        var late = await browser.PostFormAsync(batch + "?handler=Apply", [], tokenFrom: "/crm/import");

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Single(await ContactsAsync(team));
    }

    [Fact]
    public async Task RefuseAMappingWithoutTheRequiredFields()
    {
        var (_, browser) = await ArrangeAsync();
        var batch = await UploadAsync(browser, ContactsCsv);

        var response = await browser.PostFormAsync(batch + "?handler=Map", new() { ["mapping[FirstName]"] = "0", ["duplicates"] = "Skip" }, tokenFrom: batch);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("every required field", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RefuseAnEmptyFileBesideTheField()
    {
        var (_, browser) = await ArrangeAsync();

        var response = await browser.PostFileAsync("/crm/import", new() { ["Kind"] = "Contacts" }, "CsvFile", "empty.csv", "First name,Last name\n");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches("data-valmsg-for=\"CsvFile\"[^>]*>[^<]+<", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ImportClients()
    {
        var (team, browser) = await ArrangeAsync();
        var batch = await UploadAsync(browser, "Name,Country,Currency,Status\nKite Mobility,FI,EUR,Lead\nHarbor,US,XYZ,Active\n", "Clients");

        var mapping = await browser.GetStringAsync(batch);
        Assert.Contains("name=\"mapping[Currency]\"", mapping);
        await browser.PostFormAsync(batch + "?handler=Map", new() { ["mapping[Name]"] = "0", ["mapping[Country]"] = "1", ["mapping[Currency]"] = "2", ["mapping[Status]"] = "3", ["duplicates"] = "Skip" }, tokenFrom: batch);
        await browser.PostFormAsync(batch + "?handler=Apply", [], tokenFrom: batch);

        var clients = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Client>().ToListAsync(), team.Tenant);
        var kite = Assert.Single(clients);
        Assert.Equal(("Kite Mobility", "FI", ClientStatus.Lead), (kite.Name, kite.Country, kite.Status));
    }

    private Task<List<Client>> ClientsAsync(TestTeam team) => app.WithScopeAsync(sp =>
        sp.GetRequiredService<AppDbContext>().Set<Client>().OrderBy(c => c.Name).ToListAsync(), team.Tenant);

    [Fact]
    public async Task FindExistingClientsByNameInEveryAlphabetAndCase()
    {
        var (team, browser) = await ArrangeAsync();
        await CrmApp.CreateClientAsync(browser, "Müller GmbH", team[TeamRole.SalesRepresentative].UserId);
        var batch = await UploadAsync(browser, "Name\nMÜLLER GMBH\n  müller   gmbh \nÖztürk Ltd\nöztürk ltd\n", "Clients");

        var mapped = await browser.PostFormAsync(batch + "?handler=Map", new() { ["mapping[Name]"] = "0", ["duplicates"] = "Skip" }, tokenFrom: batch);
        Assert.True(mapped.StatusCode == HttpStatusCode.Redirect, await mapped.Content.ReadAsStringAsync());
        var preview = await browser.GetStringAsync(mapped.Headers.Location!.OriginalString);
        Assert.Contains("1 new", preview);
        Assert.Contains("3 skipped as duplicates", preview);
        await browser.PostFormAsync(batch + "?handler=Apply", [], tokenFrom: batch);

        Assert.Equal(["Müller GmbH", "Öztürk Ltd"], (await ClientsAsync(team)).Select(c => c.Name));
    }

    [Fact]
    public async Task AnnounceEveryClientItCreatesWithTheChosenOnboarding()
    {
        var (team, browser) = await ArrangeAsync();
        var batch = await UploadAsync(browser, "Name\nAlpha Co\nBeta Co\n", "Clients");
        var form = await browser.GetStringAsync(batch);
        Assert.Contains("name=\"Onboarding[Projects.CreateProject]\"", form);

        await browser.PostFormAsync(batch + "?handler=Map", new()
        {
            ["mapping[Name]"] = "0", ["duplicates"] = "Skip", ["Onboarding[Projects.CreateProject]"] = "true", ["Onboarding[Crm.KickoffFollowUp]"] = "true",
        }, tokenFrom: batch);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(batch + "?handler=Apply", [], tokenFrom: batch)).StatusCode);

        // A contacts file naming a new company creates that client too, announced with its own batch's options (none here).
        var contacts = await UploadAsync(browser, "First name,Last name,Company\nGil,Gamma,Gamma GmbH\n");
        await browser.PostFormAsync(contacts + "?handler=Map", new() { ["mapping[FirstName]"] = "0", ["mapping[LastName]"] = "1", ["mapping[Client]"] = "2", ["duplicates"] = "Skip" }, tokenFrom: contacts);
        await browser.PostFormAsync(contacts + "?handler=Apply", [], tokenFrom: contacts);

        var (clients, projects, followUps, announced) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var events = await db.Set<CrmSaaS.Kernel.Events.StoredEvent>().Where(e => e.TenantId == team.Tenant.Id && e.Type.EndsWith("ClientCreated")).Select(e => e.Payload).ToListAsync();
            return (await db.Set<Client>().ToDictionaryAsync(c => c.Name, c => c.Id),
                await db.Set<CrmSaaS.Plugins.Projects.Domain.Project>().Where(p => p.FromOnboarding).Select(p => p.ClientId).ToListAsync(),
                await db.Set<Activity>().Where(a => a.Subject == CrmSaaS.Plugins.Crm.Onboarding.KickoffOnboarding.Subject).Select(a => a.ClientId).ToListAsync(),
                events);
        }, team.Tenant);
        // Ids made in the same millisecond are not ordered by creation: compare as sets.
        Guid[] onboarded = [clients["Alpha Co"], clients["Beta Co"]];
        Assert.Equal(onboarded.Order(), projects.Order());
        Assert.Equal(onboarded.Order(), followUps.OfType<Guid>().Order());
        Assert.All(clients.Values, id => Assert.Single(announced, e => e.Contains(id.ToString(), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ImportNothingWhenAnOnboardingStepFailsAndSayWhichRow()
    {
        var (team, browser) = await ArrangeAsync();
        var batch = await UploadAsync(browser, "Name\nAlpha Co\nBeta Co\n", "Clients");
        await browser.PostFormAsync(batch + "?handler=Map", new()
        {
            ["mapping[Name]"] = "0", ["duplicates"] = "Skip", ["Onboarding[Projects.CreateProject]"] = "true", ["Onboarding[Projects.ProjectName]"] = new string('x', 300),
        }, tokenFrom: batch);

        var applied = await browser.PostFormAsync(batch + "?handler=Apply", [], tokenFrom: batch);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, applied.StatusCode);
        Assert.Contains("Row 2: onboarding of the new client could not finish", await applied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await ClientsAsync(team));
    }

    [Fact]
    public async Task ApplyABatchOnceWhateverNumberOfClicksArrive()
    {
        var (team, browser) = await ArrangeAsync();
        var csv = "First name,Last name,Email\n" + string.Concat(Enumerable.Range(1, 50).Select(i => $"P{i},Person,p{i}@click.test\n"));
        var batch = await UploadAsync(browser, csv);
        var token = await browser.TokenAsync(batch);

        var clicks = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => browser.PostWithTokenAsync(batch + "?handler=Apply", [], token)));

        Assert.Single(clicks, r => r.StatusCode == HttpStatusCode.Redirect);
        Assert.Equal(50, (await ContactsAsync(team)).Count(c => c.Email!.EndsWith("@click.test", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RemoveEveryRowOfABatchThatFailsAfterSeveralChunks()
    {
        var (team, browser) = await ArrangeAsync();
        // More rows than one transaction takes; onboarding (in the last transaction) fails for the clients.
        var rows = CrmSaaS.Plugins.Crm.Import.CsvImporter.ChunkRows * 2 + 10;
        var csv = "Name\n" + string.Concat(Enumerable.Range(1, rows).Select(i => $"Client {i:D4}\n"));
        var batch = await UploadAsync(browser, csv, "Clients");
        await browser.PostFormAsync(batch + "?handler=Map", new()
        {
            ["mapping[Name]"] = "0", ["duplicates"] = "Skip", ["Onboarding[Projects.CreateProject]"] = "true", ["Onboarding[Projects.ProjectName]"] = new string('x', 300),
        }, tokenFrom: batch);

        var applied = await browser.PostFormAsync(batch + "?handler=Apply", [], tokenFrom: batch);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, applied.StatusCode);
        Assert.Empty(await ClientsAsync(team));
        var stored = await BatchAsync(team, Guid.Parse(batch.Split('/').Last()));
        Assert.Equal(ImportStatus.Failed, stored.Status);
        Assert.Equal(rows, stored.Applied);
        Assert.Contains("could not finish", await browser.GetStringAsync(batch), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollBackABatchWhoseWriterStoppedRenewingItsLease()
    {
        var (team, browser) = await ArrangeAsync();
        var batch = await UploadAsync(browser, "First name,Last name\nIda,Interrupted\n");
        var id = Guid.Parse(batch.Split('/').Last());

        // As a crash leaves it: claimed, one row written and tagged, the lease run out.
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var stored = await db.Set<ImportBatch>().SingleAsync(b => b.Id == id);
            stored.Status = ImportStatus.Applying;
            stored.LeaseUntil = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1);
            db.Add(new Contact { FirstName = "Ida", LastName = "Interrupted", OwnerId = team[TeamRole.SalesRepresentative].UserId, ImportBatchId = id });
            await db.SaveChangesAsync();
        }, team.Tenant);
        Assert.Contains(await ContactsAsync(team), c => c.LastName == "Interrupted");

        var rolledBack = await app.WithScopeAsync(sp => sp.GetRequiredService<CrmSaaS.Plugins.Crm.Import.CsvImporter>().RollBackAbandonedAsync(CancellationToken.None), team.Tenant);

        Assert.Equal(1, rolledBack);
        Assert.DoesNotContain(await ContactsAsync(team), c => c.LastName == "Interrupted");
        Assert.Equal(ImportStatus.Failed, (await BatchAsync(team, id)).Status);
    }

    [Fact]
    public async Task ReadALatin1FileAsLatin1()
    {
        var (team, browser) = await ArrangeAsync();
        var bytes = System.Text.Encoding.Latin1.GetBytes("Vorname;Nachname;E-Mail\nJürgen;Größe;juergen@latin.test\n");
        var batch = await UploadBytesAsync(browser, bytes);
        Assert.Equal(HttpStatusCode.Redirect, batch.StatusCode);
        var page = batch.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(page + "?handler=Apply", [], tokenFrom: page)).StatusCode);
        Assert.Contains(await ContactsAsync(team), c => c.FirstName == "Jürgen" && c.LastName == "Größe");
    }

    [Fact]
    public async Task RefuseABinaryFileAndAFileOverTheLimitWithAMessage()
    {
        var (_, browser) = await ArrangeAsync();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4, 5 };
        var binary = await UploadBytesAsync(browser, png);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, binary.StatusCode);
        Assert.Contains("This is not a text file.", await binary.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var large = System.Text.Encoding.UTF8.GetBytes("First name,Last name\n" + new string('x', 21 * 1024 * 1024));
        var tooLarge = await UploadBytesAsync(browser, large);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLarge.StatusCode);
        Assert.Contains("larger than 20 MB", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UploadBytesAsync(Browser browser, byte[] bytes)
    {
        var token = await browser.TokenAsync("/crm/import");
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("Contacts"), "Kind" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "CsvFile", "people.csv");
        return await browser.Client.PostAsync("/crm/import", form);
    }

    private Task<ImportBatch> BatchAsync(TestTeam team, Guid id) => app.WithScopeAsync(sp =>
        sp.GetRequiredService<AppDbContext>().Set<ImportBatch>().AsNoTracking().SingleAsync(b => b.Id == id), team.Tenant);
}
