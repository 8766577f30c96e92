using System.Net;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Payments;

namespace CrmSaaS.Tests.Account;

/// <summary>
/// Signing in by an emailed link: 15 minutes, once, on the team it was asked on; opening the link
/// alone signs nobody in (mail scanners follow links), the button on it does.
/// </summary>
public sealed class SignInLinkShould(AppFactory app) : IClassFixture<AppFactory>
{
    private static Uri LinkIn(CrmSaaS.Kernel.Email.OutboxMessage mail) =>
        new(mail.TextBody.Split('\n').Single(l => l.Contains("/account/link?token=", StringComparison.Ordinal)).Trim());

    private async Task<(PayingWorld Paying, Uri Link)> AskedAsync()
    {
        var paying = await PaymentsApp.PayingAsync(app, stripe: false);
        var before = (await app.OutboxAsync(paying.ContactEmail)).Count;
        var asked = await app.Browser(paying.World.Team.Host).PostFormAsync("/account/link?handler=Send", new() { ["Input.Email"] = paying.ContactEmail }, tokenFrom: "/account/link");
        Assert.Contains("id=\"link-sent\"", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var mails = await app.OutboxAsync(paying.ContactEmail);
        Assert.Equal(before + 1, mails.Count);
        return (paying, LinkIn(mails[^1]));
    }

    [Fact]
    public async Task SignAContactInOnceWithTheButtonOnTheLinkNotByOpeningIt()
    {
        var (paying, link) = await AskedAsync();
        Assert.Equal(paying.World.Team.Host, link.Host);
        var browser = app.Browser(paying.World.Team.Host);

        Assert.Contains("id=\"use-link-form\"", await browser.GetStringAsync(link.PathAndQuery), StringComparison.Ordinal);
        Assert.StartsWith("/account/signin", (await browser.GetAsync("/portal")).Headers.Location?.OriginalString, StringComparison.Ordinal);

        var used = await browser.PostFormAsync("/account/link?handler=Use&token=" + Uri.EscapeDataString(link.Query["?token=".Length..]), [], tokenFrom: link.PathAndQuery);
        Assert.Equal("/", used.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/portal")).StatusCode);

        // Once only: the same link in another browser signs nobody in.
        var again = app.Browser(paying.World.Team.Host);
        var second = await again.PostFormAsync("/account/link?handler=Use&token=" + Uri.EscapeDataString(link.Query["?token=".Length..]), [], tokenFrom: link.PathAndQuery);
        Assert.Equal("/account/signin", second.Headers.Location?.OriginalString);
        Assert.StartsWith("/account/signin", (await again.GetAsync("/portal")).Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefuseALinkAfterFifteenMinutesOrOnAnotherTeam()
    {
        var (paying, link) = await AskedAsync();
        var token = Uri.EscapeDataString(link.Query["?token=".Length..]);

        var elsewhere = await Crm.CrmApp.TeamAsync(app);
        var stranger = app.Browser(elsewhere.Host);
        var onOtherTeam = await stranger.PostFormAsync("/account/link?handler=Use&token=" + token, [], tokenFrom: "/account/link?token=" + token);
        Assert.Equal("/account/signin", onOtherTeam.Headers.Location?.OriginalString);

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var late = app.Browser(paying.World.Team.Host);
        var expired = await late.PostFormAsync("/account/link?handler=Use&token=" + token, [], tokenFrom: link.PathAndQuery);
        Assert.Equal("/account/signin", expired.Headers.Location?.OriginalString);
        Assert.StartsWith("/account/signin", (await late.GetAsync("/portal")).Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerTheSameForAStrangerAndSendThemNothing()
    {
        var paying = await PaymentsApp.PayingAsync(app, stripe: false);
        var other = await Crm.CrmApp.TeamAsync(app);
        var outsider = other[CrmSaaS.Kernel.Security.TeamRole.TeamMember].Email;

        var asked = await app.Browser(paying.World.Team.Host).PostFormAsync("/account/link?handler=Send", new() { ["Input.Email"] = outsider }, tokenFrom: "/account/link");

        Assert.Contains("id=\"link-sent\"", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await app.OutboxAsync(outsider));
        var invalid = await app.Browser(paying.World.Team.Host).PostFormAsync("/account/link?handler=Send", new() { ["Input.Email"] = "not an address" }, tokenFrom: "/account/link");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Contains("Enter a valid email address.", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
