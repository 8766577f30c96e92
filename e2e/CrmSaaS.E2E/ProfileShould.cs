using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSaaS.E2E;

public class ProfileShould(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task MarkAnOverlongNameWithoutCuttingItAndSaveNameAndTimeZone()
    {
        var team = "prof" + Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignUpAsync(team, "Profile Works", "Pia Profile", $"pia@{team}.test");
        await page.Locator("#user-menu").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Your profile" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your profile" })).ToBeVisibleAsync();

        // Pasting past the limit keeps every character, marks the field and says by how much, as one types.
        var name = page.GetByLabel("Your name");
        var overlong = new string('P', 130);
        await name.FillAsync(overlong);
        await Expect(name).ToHaveValueAsync(overlong);
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#Input_DisplayName-length")).ToHaveTextAsync("130 / 120");

        // The server refuses it with its message beside the field, tied to it for screen readers, and loses nothing typed.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var message = page.Locator("#Input_DisplayName-error");
        await Expect(message).ToContainTextAsync("Use at most 120 characters.");
        await Expect(name).ToHaveValueAsync(overlong);
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(name).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex("Input_DisplayName-error"));
        // Only beside the field: the top bar's timer does not repeat another form's message.
        await Expect(page.Locator("#timer-bar [role=alert]")).ToHaveCountAsync(0);
        await AppServer.ShotAsync(page, "profile-invalid");

        await name.FillAsync("Pia Tokyo");
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "false");
        await page.GetByLabel("Time zone").SelectOptionAsync("Asia/Tokyo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Your profile is saved.");
        await Expect(page.GetByLabel("Time zone")).ToHaveValueAsync("Asia/Tokyo");
        await Expect(page.Locator("#user-menu")).ToContainTextAsync("Pia Tokyo");
    }
}
