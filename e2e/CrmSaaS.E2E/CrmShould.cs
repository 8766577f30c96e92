using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSaaS.E2E;

public class CrmShould(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task CreateAClientWithTwoContactsLogACallFindAContactAndReassignIt()
    {
        var team = "agency" + Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignUpAsync(team, "Agency One", "Olga Owner", $"olga@{team}.test");
        await app.AddMemberAsync(team, "Sam Sales", TeamRole.SalesManager);

        await page.GetByRole(AriaRole.Link, new() { Name = "Clients" }).ClickAsync();
        await Expect(page.GetByText("No clients match.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New client" }).First.ClickAsync();
        await page.Locator("#Input_Name").FillAsync("Nordlicht Reisen GmbH");
        await page.GetByLabel("Country").FillAsync("DE");
        await page.GetByLabel("Billing emails").FillAsync("rechnung@nordlicht.test");
        await AppServer.ShotAsync(page, "client-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create client" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nordlicht Reisen GmbH" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Add contact" }).ClickAsync();
        await page.Locator("#Input_FirstName").FillAsync("Jürgen");
        await page.Locator("#Input_LastName").FillAsync("Lüdenscheidt");
        await page.GetByLabel("Email").FillAsync("juergen@nordlicht.test");
        await page.GetByLabel("Client representative").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and add another" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Jürgen Lüdenscheidt");
        await page.Locator("#Input_FirstName").FillAsync("Mia");
        await page.Locator("#Input_LastName").FillAsync("Weber");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create contact", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mia Weber" })).ToBeVisibleAsync();

        await page.GetByLabel("Type").SelectOptionAsync("Call");
        await page.GetByLabel("Subject").FillAsync("Intro call about the spring campaign");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log activity" }).ClickAsync();
        await Expect(page.Locator("#activities")).ToContainTextAsync("Intro call about the spring campaign");

        await page.GetByRole(AriaRole.Link, new() { Name = "Contacts" }).First.ClickAsync();
        await page.GetByLabel("Search").PressSequentiallyAsync("lüden");
        await Expect(page.Locator("#contacts tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#contacts")).ToContainTextAsync("Lüdenscheidt, Jürgen");
        await Expect(page).ToHaveURLAsync(new Regex("Search=l%C3%BCden|Search=lüden"));
        await AppServer.ShotAsync(page, "contacts-search");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lüdenscheidt, Jürgen" }).ClickAsync();

        await page.GetByLabel("Owner", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Sam Sales" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Reassign" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The owner has been changed.");
        await Expect(page.GetByLabel("Owner", new() { Exact = true })).ToHaveValueAsync(await page.GetByLabel("Owner", new() { Exact = true }).Locator("option", new() { HasText = "Sam Sales" }).GetAttributeAsync("value") ?? "");
        await AppServer.ShotAsync(page, "contact-details");

        await page.GotoAsync(app.Team(team) + "/crm/clients");
        await Expect(page.Locator("#clients")).ToContainTextAsync("Nordlicht Reisen GmbH");
        await Expect(page.Locator("#clients tbody tr").First).ToContainTextAsync("2");
    }

    [Fact]
    public async Task ImportContactsFromCsvWithAPreviewAndAReport()
    {
        var team = "importer" + Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignUpAsync(team, "Import Co", "Ida Importer", $"ida@{team}.test");
        var csv = "First name;Last name;Email;Company\nAnna;Alpha;anna@alpha.test;Alpha GmbH\nBert;Beta;not-an-email;Beta AG\nCora;Gamma;cora@gamma.test;Alpha GmbH\n";

        await page.GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true }).ClickAsync();
        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload { Name = "contacts.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and map columns" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "contacts.csv" })).ToBeVisibleAsync();
        await Expect(page.Locator("#map-FirstName")).ToHaveValueAsync("0");
        await Expect(page.Locator("#map-Client")).ToHaveValueAsync("3");

        await page.GetByRole(AriaRole.Button, new() { Name = "Check all rows" }).ClickAsync();
        await Expect(page.Locator("#import-preview")).ToContainTextAsync("2 new");
        await Expect(page.Locator("#import-preview")).ToContainTextAsync("1 with errors");
        await AppServer.ShotAsync(page, "import-preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "3. Import 2 rows" }).ClickAsync();

        await Expect(page.Locator("#import-report")).ToContainTextAsync("2");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The import is done.");
        await page.GotoAsync(app.Team(team) + "/crm/contacts");
        await Expect(page.Locator("#contacts tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#contacts")).ToContainTextAsync("Alpha GmbH");
    }
}
