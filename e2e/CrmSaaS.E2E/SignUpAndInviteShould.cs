using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSaaS.E2E;

public class SignUpAndInviteShould(AppServer app) : IClassFixture<AppServer>
{
    private static string NewIdentifier(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task SignUpInviteAMemberAndKeepTeamsApart()
    {
        var first = NewIdentifier("studio");
        var owner = await app.SignUpAsync(first, "Studio North", "Olga Owner", $"olga@{first}.test");
        await AppServer.ShotAsync(owner, "dashboard");

        await owner.GetByRole(AriaRole.Button, new() { Name = "Team" }).ClickAsync();
        await owner.GetByRole(AriaRole.Link, new() { Name = "Invitations" }).ClickAsync();
        var invitee = $"ivan@{first}.test";
        await owner.GetByLabel("Email").FillAsync(invitee);
        await owner.GetByLabel("Role").SelectOptionAsync(new SelectOptionValue { Label = "Sales Manager" });
        await owner.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(owner.GetByRole(AriaRole.Status)).ToContainTextAsync($"Invitation sent to {invitee}");
        await Expect(owner.Locator("#invitations")).ToContainTextAsync(invitee);
        await AppServer.ShotAsync(owner, "invitations");

        var mail = await app.LastMailToAsync(invitee);
        var link = Regex.Match(mail.TextBody, @"http://\S+").Value;
        Assert.StartsWith(app.Team(first) + "/invitations/accept", link);

        var member = await app.NewPageAsync();
        await member.GotoAsync(link);
        await Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Join Studio North" })).ToBeVisibleAsync();
        await member.GetByLabel("Your name").FillAsync("Ivan Invitee");
        await member.GetByLabel("Choose a password").FillAsync("Ivan-pass-1");
        await member.GetByRole(AriaRole.Button, new() { Name = "Set password and join" }).ClickAsync();
        await member.WaitForURLAsync(app.Team(first) + "/");
        await Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Hello, Ivan Invitee" })).ToBeVisibleAsync();
        await member.GetByRole(AriaRole.Button, new() { Name = "Team" }).ClickAsync();
        await member.GetByRole(AriaRole.Link, new() { Name = "Members" }).First.ClickAsync();
        await Expect(member.Locator("#members")).ToContainTextAsync("Olga Owner");
        await Expect(member.Locator("#members")).ToContainTextAsync("Sales Manager");
        await AppServer.ShotAsync(member, "members");

        var second = NewIdentifier("harbor");
        var other = await app.SignUpAsync(second, "Harbor South", "Hanna Harbor", $"hanna@{second}.test");
        await other.GotoAsync(app.Team(second) + "/team/members");
        await Expect(other.Locator("#members")).ToContainTextAsync("Hanna Harbor");
        await Expect(other.Locator("#members")).Not.ToContainTextAsync("Olga Owner");
        await Expect(other.Locator("#members")).Not.ToContainTextAsync("Ivan Invitee");

        await other.GotoAsync(app.Team(first) + "/team/members");
        await Expect(other).ToHaveURLAsync(new Regex($"^{Regex.Escape(app.Team(first))}/account/signin"));

        var missing = await other.GotoAsync(app.Team("no-such-team") + "/");
        Assert.Equal(404, missing!.Status);
        await Expect(other.Locator("body")).ToContainTextAsync("There is no team at this address");
    }

    [Fact]
    public async Task SearchMembersAsYouTypeAndSwitchToGerman()
    {
        var identifier = NewIdentifier("search");
        var page = await app.SignUpAsync(identifier, "Search Co", "Sara Search", $"sara@{identifier}.test");
        await page.GotoAsync(app.Team(identifier) + "/team/members");

        await page.GetByLabel("Search members").PressSequentiallyAsync("zzz");
        await Expect(page.Locator("#members")).ToContainTextAsync("No member matches");
        await page.GetByLabel("Search members").FillAsync("sar");
        await Expect(page.Locator("#members")).ToContainTextAsync("Sara Search");

        await page.GetByLabel("Language").SelectOptionAsync("de");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mitglieder" })).ToBeVisibleAsync();
        await AppServer.ShotAsync(page, "members-de");
    }
}
