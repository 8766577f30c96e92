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
}
