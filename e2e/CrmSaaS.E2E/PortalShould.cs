using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSaaS.E2E;

/// <summary>
/// The client portal in Chromium at a phone's width (375 px): the client's admin invites a colleague as
/// billing contact; the colleague joins by the emailed invitation, later signs in by an emailed link,
/// opens an invoice to the time it bills, pays it by card (TEST MODE), and the team's open invoice page
/// shows it paid by itself within a second.
/// </summary>
public class PortalShould(DemoTeamServer app) : IClassFixture<DemoTeamServer>
{
    /// <summary>The page does not scroll sideways; else names the elements that stick out.</summary>
    private static async Task FitsTheScreenAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        var wide = await page.EvaluateAsync<string[]>(@"() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className);
        }");
        Assert.True(wide.Length == 0, $"{page.Url} scrolls sideways at {page.ViewportSize?.Width} px: {string.Join(", ", wide)}");
    }

    [Fact]
    public async Task LetAClientAdminInviteABillingContactWhoSignsInByLinkAndPaysWhileTheTeamWatches()
    {
        var (admin, invoice, gross) = await app.PortalInvoiceAsync();
        var manager = await app.SignInAsync("olivia@demo.test");
        await manager.GotoAsync(app.DemoTeam + $"/billing/invoices/{invoice}");
        await Expect(manager.Locator("#invoice-open")).ToHaveTextAsync(gross);

        // The client's admin (the demo's portal contact) invites a colleague as billing contact, on a phone.
        var adminPage = await app.SignInAsync(admin);
        await adminPage.SetViewportSizeAsync(375, 800);
        await adminPage.GotoAsync(app.DemoTeam + "/portal/people");
        await FitsTheScreenAsync(adminPage);
        var email = $"bea.{Guid.NewGuid():N}@client.test";
        await adminPage.GetByLabel("First name").FillAsync("Bea");
        await adminPage.GetByLabel("Last name").FillAsync("Books");
        await adminPage.Locator("#Invite_Email").FillAsync(email);
        await adminPage.GetByLabel("Billing contact").CheckAsync();
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await Expect(adminPage.Locator("#people")).ToContainTextAsync("Bea Books");
        await Expect(adminPage.Locator("#people li", new() { HasText = "Bea Books" })).ToContainTextAsync("Billing contact");
        await AppServer.ShotAsync(adminPage, "portal-people-375");

        // The colleague accepts the emailed invitation (choosing a password) …
        var contact = await app.NewPageAsync();
        await contact.SetViewportSizeAsync(375, 800);
        var invitation = Regex.Match((await app.LastMailToAsync(email)).TextBody, @"http://\S+/portal/join\?token=[A-Za-z0-9_\-]+").Value;
        await contact.GotoAsync(invitation);
        await contact.GetByLabel("Choose a password").FillAsync("Bea-portal-2026!");
        await contact.GetByRole(AriaRole.Button, new() { Name = "Accept and open the portal" }).ClickAsync();
        await Expect(contact).ToHaveURLAsync(app.DemoTeam + "/portal");

        // … and, another day, signs in by an emailed link.
        await contact.Context.ClearCookiesAsync();
        await contact.GotoAsync(app.DemoTeam + "/account/signin");
        await contact.GetByRole(AriaRole.Link, new() { Name = "Email me a sign-in link instead" }).ClickAsync();
        await contact.GetByLabel("Email").FillAsync(email);
        await contact.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync();
        await Expect(contact.Locator("#link-sent")).ToBeVisibleAsync();
        var link = Regex.Match((await app.LastMailToAsync(email)).TextBody, @"http://\S+/account/link\?token=[A-Za-z0-9_\-]+").Value;
        await contact.GotoAsync(link);
        await contact.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(contact).ToHaveURLAsync(app.DemoTeam + "/portal");
        await Expect(contact.Locator("#portal-open-invoices")).ToContainTextAsync(Regex.Replace(gross, @"\s", " "));
        await FitsTheScreenAsync(contact);
        await AppServer.ShotAsync(contact, "portal-overview-375");

        // The invoice, and under its time line the entries it bills.
        await contact.Locator($"#portal-open-invoices a[href='/portal/invoices/{invoice}']").ClickAsync();
        await Expect(contact.Locator("#portal-invoice-lines")).ToBeVisibleAsync();
        await contact.Locator("#portal-invoice-lines summary").First.ClickAsync();
        await Expect(contact.Locator("#portal-invoice-lines table[data-line] tbody tr").First).ToBeVisibleAsync();
        await FitsTheScreenAsync(contact);
        await AppServer.ShotAsync(contact, "portal-invoice-375");

        // Paid by card on the simulated checkout; the manager's page, left open, follows by itself.
        await contact.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Pay ") }).ClickAsync();
        await Expect(contact).ToHaveURLAsync(app.DemoTeam + $"/portal/invoices/{invoice}/pay");
        await FitsTheScreenAsync(contact);
        await AppServer.ShotAsync(contact, "portal-pay-375");
        await contact.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("by card") }).ClickAsync();
        await contact.Locator("#checkout-pay").ClickAsync();
        await Expect(contact.Locator("#pay-done")).ToBeVisibleAsync();
        var paid = Stopwatch.StartNew();
        await Expect(manager.Locator("#invoice-open")).ToHaveTextAsync(Regex.Replace(gross, "[0-9.,]+", "0.00"), new() { Timeout = 1_000 });
        Assert.True(paid.Elapsed < TimeSpan.FromSeconds(1), $"the team's page showed the payment after {paid.Elapsed.TotalMilliseconds:F0} ms");
        await AppServer.ShotAsync(manager, "invoice-paid-by-portal");

        foreach (var path in new[] { "/portal", "/portal/invoices", "/portal/time", "/portal/analytics", "/portal/people" })
        {
            await contact.GotoAsync(app.DemoTeam + path);
            await FitsTheScreenAsync(contact);
        }

        await AppServer.ShotAsync(contact, "portal-analytics-375");
    }
}
