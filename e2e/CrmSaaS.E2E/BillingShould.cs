using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSaaS.E2E;

public class BillingShould(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task InvoiceAClientSetUpThroughOnboardingAndRecordItsPayment()
    {
        var team = "bill" + Guid.NewGuid().ToString("N")[..6];
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var page = await app.SignUpAsync(team, "Billing Works", "Bea Biller", $"bea@{team}.test");

        // The billing profile: who sends the invoices.
        await page.GotoAsync(app.Team(team) + "/billing/settings");
        await page.GetByLabel("Legal name").FillAsync("Billing Works GmbH");
        await page.GetByLabel("Street and number").FillAsync("Hafenstraße 1");
        await page.GetByLabel("Postal code").FillAsync("20457");
        await page.GetByLabel("City").FillAsync("Hamburg");
        await page.GetByLabel("VAT ID").FillAsync("DE123456789");
        await page.GetByLabel("IBAN").FillAsync("DE89 3704 0044 0532 0130 00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator("body")).ToContainTextAsync("Billing settings saved.");

        // A client whose invoices go out weekly and are issued by the run, set up on the create form.
        await page.GotoAsync(app.Team(team) + "/crm/clients/new");
        await page.Locator("#Input_Name").FillAsync("Elbufer AG");
        await page.GetByLabel("Invoice", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Weekly" });
        await page.GetByLabel("Issue scheduled invoices automatically").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create client" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Elbufer AG", Exact = true })).ToBeVisibleAsync();

        // A rate and last week's time.
        await page.GotoAsync(app.Team(team) + "/time/rates");
        await page.GetByLabel("Client (client level)").SelectOptionAsync(new SelectOptionValue { Label = "Elbufer AG" });
        await page.GetByLabel("Per hour").FillAsync("120");
        await page.Locator("#Input_EffectiveFrom").FillAsync(now.AddDays(-60).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rate" }).ClickAsync();
        await page.GotoAsync(app.Team(team) + "/time");
        // A day in the week the team's Monday 06:00 run bills (in the team's time zone, the default for new teams).
        var local = TimeZoneInfo.ConvertTimeFromUtc(now, CrmSaaS.Kernel.Common.TimeZoneIds.Find(CrmSaaS.Kernel.Common.TimeZoneIds.Default));
        var occasion = CrmSaaS.Plugins.Billing.Domain.InvoiceSchedule.LatestOccasion(local, DayOfWeek.Monday, new TimeOnly(6, 0));
        var lastWeek = occasion.AddDays(-5).ToString("yyyy-MM-dd");
        await page.GetByLabel("Project", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Elbufer AG – Elbufer AG" });
        await page.GetByLabel("Day").FillAsync(lastWeek);
        await page.GetByLabel("Duration").FillAsync("2:30");
        await page.GetByLabel("Description").FillAsync("Workshop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add time" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Workshop");

        // The run, by hand: the invoice is drafted and issued.
        await page.GotoAsync(app.Team(team) + "/billing/runs");
        await Expect(page.Locator("main")).ToContainTextAsync("Not run yet");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run now for all" }).ClickAsync();
        await Expect(page.Locator("body")).ToContainTextAsync("1 created");
        await AppServer.ShotAsync(page, "invoice-runs");
        await page.Locator("#run-log").GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Invoice \\d{4}-00001") })).ToBeVisibleAsync();
        await Expect(page.Locator("#total-gross")).ToHaveTextAsync("357.00 EUR"); // 2.5 h × 120 + 19 %
        await AppServer.ShotAsync(page, "invoice");

        // The PDF opens and carries the same total.
        var pdfUrl = await page.GetByRole(AriaRole.Link, new() { Name = "PDF" }).GetAttributeAsync("href");
        var pdf = await page.EvaluateAsync<string[]>(
            "async url => { const r = await fetch(url); const b = new Uint8Array(await r.arrayBuffer()); return [r.headers.get('content-type'), String.fromCharCode(...b.slice(0, 4))]; }", pdfUrl);
        Assert.Equal(["application/pdf", "%PDF"], pdf);

        // The client's billing history shows it open; a payment settles it.
        var invoiceUrl = page.Url;
        await page.GotoAsync(app.Team(team) + "/crm/clients");
        await page.GetByRole(AriaRole.Link, new() { Name = "Elbufer AG" }).ClickAsync();
        await Expect(page.Locator("#client-open-balance")).ToHaveTextAsync("357.00 EUR");
        await page.GetByRole(AriaRole.Link, new() { Name = "Billing history" }).ClickAsync();
        var history = page.Url;
        await Expect(page.Locator("table[data-currency=EUR]").GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^\\d{4}-00001$") })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-closing=EUR]")).ToHaveTextAsync("357.00 EUR");
        await AppServer.ShotAsync(page, "billing-history");
        await page.Locator("table[data-currency=EUR]").GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^\\d{4}-00001$") }).ClickAsync();
        await Expect(page).ToHaveURLAsync(invoiceUrl);
        await page.GetByLabel("Amount (EUR)").FillAsync("357");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record payment" }).ClickAsync();
        await Expect(page.Locator("#invoice-open")).ToHaveTextAsync("0.00 EUR");
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Paid") })).ToBeVisibleAsync();
        await AppServer.ShotAsync(page, "invoice-paid");

        // The history lists the payment and the account is settled.
        await page.GotoAsync(history);
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Payment (Bank transfer)" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-closing=EUR]")).ToHaveTextAsync("0.00 EUR");

        // The revenue report draws its chart and counts the invoice's net.
        await page.GotoAsync(app.Team(team) + "/billing/revenue");
        await Expect(page.Locator("[data-total=revenue]")).ToHaveTextAsync("300.00 EUR");
        await Expect(page.Locator("canvas[data-chart=chart-months]")).ToHaveAttributeAsync("data-drawn", "1");
        await AppServer.ShotAsync(page, "revenue");
    }
}
