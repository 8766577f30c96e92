using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSaaS.E2E;

public class TimeShould(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task StartTheTimerInTheTopBarStopItAndSeeTheEntry()
    {
        var team = "timer" + Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignUpAsync(team, "Timer Works", "Tina Timer", $"tina@{team}.test");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Clients" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New client" }).First.ClickAsync();
        await page.Locator("#Input_Name").FillAsync("Hafenblick GmbH");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create client" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hafenblick GmbH", Exact = true })).ToBeVisibleAsync();

        var bar = page.Locator("#timer-bar");
        // The bar opens its start form in place; the project picker gets the focus.
        await bar.GetByRole(AriaRole.Link, new() { Name = "Start timer" }).ClickAsync();
        await Expect(bar.GetByLabel("Project for the timer")).ToBeFocusedAsync();
        await bar.GetByLabel("Project for the timer").SelectOptionAsync(new SelectOptionValue { Label = "Hafenblick GmbH – Hafenblick GmbH" });
        await bar.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Expect(bar.GetByRole(AriaRole.Timer)).ToBeVisibleAsync();
        await Expect(bar.GetByRole(AriaRole.Timer)).Not.ToHaveTextAsync("0:00:00", new() { Timeout = 5000 });
        await AppServer.ShotAsync(page, "timer-running");

        // The timer lives on the server: another page shows it still running.
        await page.GotoAsync(app.Team(team) + "/crm/contacts");
        await Expect(page.Locator("#timer-bar").GetByRole(AriaRole.Button, new() { Name = "Stop" })).ToBeVisibleAsync();
        await page.Locator("#timer-bar").GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(page.Locator("#timer-bar").GetByRole(AriaRole.Button, new() { Name = "Start" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "My time" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Hafenblick GmbH");
        await AppServer.ShotAsync(page, "my-time");

        // The report, filtered by client and day.
        await page.GetByRole(AriaRole.Button, new() { Name = "Analytics" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Time reports" }).ClickAsync();
        await page.GetByLabel("Period").SelectOptionAsync("custom");
        // The entry is dated on the member's day (their time zone), which need not be today in UTC.
        var today = (await app.LatestEntryDayAsync(team)).ToString("yyyy-MM-dd");
        await page.GetByLabel("From").FillAsync(today);
        await page.GetByLabel("To", new() { Exact = true }).FillAsync(today);
        await page.GetByLabel("Client").SelectOptionAsync(new SelectOptionValue { Label = "Hafenblick GmbH" });
        await page.GetByLabel("Group by").SelectOptionAsync("Project");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.Locator("table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table tbody")).ToContainTextAsync("Hafenblick GmbH");
        await Expect(page.Locator("table tfoot")).ToContainTextAsync("Total");
        await AppServer.ShotAsync(page, "time-report");
    }
}
