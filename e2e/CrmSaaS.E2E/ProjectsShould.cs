using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSaaS.E2E;

public partial class ProjectsShould(AppServer app) : IClassFixture<AppServer>
{
    private static async Task CreateClientWithOnboardingAsync(IPage page, string name, string representative, string email)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Clients" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New client" }).First.ClickAsync();
        await page.Locator("#Input_Name").FillAsync(name);
        await page.Locator("#Representative_FirstName").FillAsync(representative.Split(' ')[0]);
        await page.Locator("#Representative_LastName").FillAsync(representative.Split(' ')[1]);
        await page.Locator("#Representative_Email").FillAsync(email);
        await Expect(page.GetByLabel("Create a project and board")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Invite the client's representatives to the portal")).ToBeCheckedAsync();
        await AppServer.ShotAsync(page, "client-new-onboarding");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create client" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task OnboardAClientDragACardAndShowTheRepresentativeOnlyTheirProject()
    {
        var team = "studio" + Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignUpAsync(team, "Studio North", "Nora North", $"nora@{team}.test");
        var rhea = $"rhea@polarstern-{team}.test";
        await CreateClientWithOnboardingAsync(page, "Other Co", "Otto Other", $"otto@other-{team}.test");
        await CreateClientWithOnboardingAsync(page, "Polarstern AG", "Rhea Rep", rhea);

        // The onboarding made the project with its board; it is listed on the client's page.
        await page.Locator("#client-projects-title").ScrollIntoViewIfNeededAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Polarstern AG" }).Last.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Backlog" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "In progress" })).ToBeVisibleAsync();

        await page.GetByLabel("New task in Backlog").FillAsync("Draft the concept");
        await page.GetByLabel("New task in Backlog").PressAsync("Enter");
        var card = page.Locator(".board-card", new() { HasText = "Draft the concept" });
        await Expect(card).ToBeVisibleAsync();

        var target = page.Locator("section.board-column", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "In progress" }) }).Locator(".board-cards");
        var from = await card.BoundingBoxAsync();
        var to = await target.BoundingBoxAsync();
        await page.Mouse.MoveAsync(from!.X + 20, from.Y + 10);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + 40, from.Y + 20, new() { Steps = 5 });
        await page.Mouse.MoveAsync(to!.X + to.Width / 2, to.Y + 20, new() { Steps = 15 });
        var moved = page.WaitForResponseAsync(r => r.Url.Contains("handler=Move", StringComparison.Ordinal));
        await page.Mouse.UpAsync();
        Assert.True((await moved).Ok);
        await AppServer.ShotAsync(page, "board-after-drag");

        await page.ReloadAsync();
        await Expect(target.Locator(".board-card", new() { HasText = "Draft the concept" })).ToBeVisibleAsync();
        await Expect(page.Locator("#board")).ToContainTextAsync("Draft the concept");
        var inProgress = await target.GetAttributeAsync("data-column-id") ?? "";
        await target.GetByRole(AriaRole.Link, new() { Name = "Draft the concept" }).ClickAsync();
        await Expect(page.GetByLabel("Column")).ToHaveValueAsync(inProgress);
        await AppServer.ShotAsync(page, "task");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the board" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Team and invitations" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Rhea Rep");
        await AppServer.ShotAsync(page, "project-team");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Projects" }).ClickAsync();
        await Expect(page.Locator("#projects tbody tr")).ToHaveCountAsync(2);
        await AppServer.ShotAsync(page, "projects");

        // The representative accepts the emailed invitation in a browser of their own.
        var mail = await app.LastMailToAsync(rhea);
        var link = AcceptLink().Match(mail.TextBody).Value;
        var portal = await app.NewPageAsync();
        await portal.GotoAsync(link);
        await Expect(portal.GetByText("invites you to follow the project Polarstern AG")).ToBeVisibleAsync();
        await portal.GetByLabel("Your name").FillAsync("Rhea Rep");
        await portal.GetByLabel("Choose a password").FillAsync("Rhea-pass-2026");
        await portal.GetByRole(AriaRole.Button, new() { Name = "Accept and open the project" }).ClickAsync();

        await Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Polarstern AG" })).ToBeVisibleAsync();
        await Expect(portal.Locator("#board")).ToContainTextAsync("Draft the concept");
        await Expect(portal.GetByPlaceholder("Add a task")).ToHaveCountAsync(0);
        await Expect(portal.Locator("#board[data-move-url^='/']")).ToHaveCountAsync(0);
        await AppServer.ShotAsync(portal, "portal-project");

        // A Project Viewer reads a task and its comments but cannot comment.
        await portal.Locator("#board").GetByRole(AriaRole.Link, new() { Name = "Draft the concept" }).ClickAsync();
        await Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Draft the concept" })).ToBeVisibleAsync();
        await Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Comments" })).ToBeVisibleAsync();
        await Expect(portal.GetByPlaceholder("Write a comment")).ToHaveCountAsync(0);
        await portal.GetByRole(AriaRole.Link, new() { Name = "Polarstern AG" }).Last.ClickAsync();

        await portal.GetByRole(AriaRole.Link, new() { Name = "My projects" }).First.ClickAsync();
        await Expect(portal.GetByRole(AriaRole.Link, new() { Name = "Polarstern AG" })).ToBeVisibleAsync();
        await Expect(portal.Locator("main")).Not.ToContainTextAsync("Other Co");
        await Expect(portal.GetByRole(AriaRole.Link, new() { Name = "Clients" })).ToHaveCountAsync(0);
        // A team page is not for the contact: they land on their portal's overview instead.
        await portal.GotoAsync(app.Team(team) + "/crm/clients");
        await Expect(portal).ToHaveURLAsync(app.Team(team) + "/portal");
        await Expect(portal.GetByRole(AriaRole.Link, new() { Name = "Polarstern AG" }).First).ToBeVisibleAsync();
        await Expect(portal.Locator("main")).Not.ToContainTextAsync("Other Co");
        await AppServer.ShotAsync(portal, "portal-overview");
    }

    [GeneratedRegex(@"http://\S+/portal/invitations/accept\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex AcceptLink();
}
