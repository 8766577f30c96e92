using System.IO.Compression;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSaaS.E2E;

/// <summary>The team's own data in a browser: erasing a contact, exporting everything, asking for (and taking back) the team's deletion.</summary>
public class TeamDataShould(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task EraseAContactExportTheTeamsDataAndAskForTheTeamsDeletionAndTakeItBack()
    {
        var team = "data" + Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignUpAsync(team, "Datenwerk", "Dora Data", $"dora@{team}.test");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();

        // A client with a contact whose personal data is then erased.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Clients" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New client" }).First.ClickAsync();
        await page.Locator("#Input_Name").FillAsync("Kaiblick Logistik GmbH");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create client" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add contact" }).ClickAsync();
        await page.Locator("#Input_FirstName").FillAsync("Greta");
        await page.Locator("#Input_LastName").FillAsync("Gründlich");
        await page.GetByLabel("Email").FillAsync("greta@kaiblick.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create contact", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Greta Gründlich" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Erase personal data" }).ClickAsync();
        await Expect(page.GetByText("Personal data erased on")).ToBeVisibleAsync();
        await Expect(page.Locator("main")).Not.ToContainTextAsync("greta@kaiblick.test");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Erase personal data" })).ToHaveCountAsync(0);
        await AppServer.ShotAsync(page, "contact-erased");

        // The export is prepared in the background; the page follows its progress and offers the zip.
        await page.GetByRole(AriaRole.Button, new() { Name = "Team" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Export data" }).ClickAsync();
        await Expect(page.GetByText("No export yet.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Prepare an export" }).ClickAsync();
        await Expect(page.Locator("#exports").GetByRole(AriaRole.Link, new() { Name = "Download" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#exports")).ToContainTextAsync("Ready");
        await AppServer.ShotAsync(page, "team-export");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#exports").GetByRole(AriaRole.Link, new() { Name = "Download" }).ClickAsync());
        var zip = await download.PathAsync();
        using (var archive = ZipFile.OpenRead(zip))
        {
            var text = string.Join("\n", archive.Entries.Where(e => e.Name.EndsWith(".json", StringComparison.Ordinal) || e.Name.EndsWith(".csv", StringComparison.Ordinal))
                .Select(e => new StreamReader(e.Open()).ReadToEnd()));
            Assert.Contains("Kaiblick Logistik GmbH", text, StringComparison.Ordinal);
            Assert.DoesNotContain("greta@kaiblick.test", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Greta", text, StringComparison.Ordinal);
            Assert.Contains(archive.Entries, e => e.FullName == "README.txt" || e.Name.StartsWith("README", StringComparison.Ordinal));
        }

        // Deleting the team asks for its address first, then waits 30 days, and can be taken back.
        await page.GetByRole(AriaRole.Button, new() { Name = "Team" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Team settings" }).ClickAsync();
        await page.GetByLabel($"Type the team's address, {team}, to confirm").FillAsync("not-the-address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete the team after 30 days" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for=ConfirmIdentifier]")).Not.ToBeEmptyAsync();
        await page.GetByLabel($"Type the team's address, {team}, to confirm").FillAsync(team);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete the team after 30 days" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "will be deleted with all its data" })).ToBeVisibleAsync();
        await AppServer.ShotAsync(page, "team-deletion-asked");
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep the team" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete the team after 30 days" })).ToBeVisibleAsync();
        await Expect(page.GetByText("will be deleted with all its data")).ToHaveCountAsync(0);
    }
}
