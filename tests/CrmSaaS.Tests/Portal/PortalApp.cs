using System.Net;
using System.Text.RegularExpressions;
using CrmSaaS.Tests.Infrastructure;

namespace CrmSaaS.Tests.Portal;

public static partial class PortalApp
{
    /// <summary>
    /// Opens the portal invitation mailed to <paramref name="email"/> in a fresh browser, joins with a
    /// name and password and returns the signed-in browser; the link then no longer works.
    /// </summary>
    public static async Task<Browser> JoinAsync(AppFactory app, TestTeam team, string email, string name)
    {
        var mail = Assert.Single(await app.OutboxAsync(email), m => m.TextBody.Contains("/portal/join", StringComparison.Ordinal));
        var link = "/portal/join" + JoinLink().Match(mail.TextBody).Groups["query"].Value;
        var browser = app.Browser(team.Host);
        Assert.Contains("Client portal invitation", await browser.GetStringAsync(link), StringComparison.Ordinal);
        var joined = await browser.PostFormAsync(link, new() { ["Input.DisplayName"] = name, ["Input.Password"] = AppFactory.Password }, link);
        Assert.True(joined.StatusCode == HttpStatusCode.Redirect, $"Joining answered {(int)joined.StatusCode}: {await joined.Content.ReadAsStringAsync()}");
        Assert.Equal("/portal", joined.Headers.Location?.OriginalString);
        Assert.Contains("id=\"invitation-invalid\"", await app.Browser(team.Host).GetStringAsync(link), StringComparison.Ordinal);
        return browser;
    }

    /// <summary>The team gives a contact exactly these portal roles from the contact's page (form fields "Roles.…").</summary>
    public static async Task SetRolesAsync(Browser manager, Guid contact, Dictionary<string, string> roles)
    {
        var page = $"/crm/contacts/{contact}/portal";
        var saved = await manager.PostFormAsync(page + "?handler=Save", roles, tokenFrom: page);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, $"Saving answered {(int)saved.StatusCode}: {await saved.Content.ReadAsStringAsync()}");
    }

    [GeneratedRegex(@"/portal/join(?<query>\?token=[A-Za-z0-9_\-]+)")]
    private static partial Regex JoinLink();
}
