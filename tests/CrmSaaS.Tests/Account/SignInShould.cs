using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Account;

public class SignInShould(AppFactory app) : IClassFixture<AppFactory>
{
    private static Dictionary<string, string> Credentials(string email, string password) => new() { ["Input.Email"] = email, ["Input.Password"] = password };

    private Task<TestTeam> TeamAsync() => app.CreateTeamAsync("t" + Guid.NewGuid().ToString("N")[..8], ("Mia Manager", TeamRole.OrganizationManager), ("Max Member", TeamRole.TeamMember));

    [Fact]
    public async Task SignAMemberInAndOut()
    {
        var team = await TeamAsync();
        var browser = await app.SignInAsync(team, team[TeamRole.TeamMember]);

        Assert.Contains("Max Member", await browser.GetStringAsync("/"));

        var token = await browser.TokenAsync("/");
        var signedOut = await browser.PostWithTokenAsync("/account/signout", [], token);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task RefuseAWrongPasswordWithAMessageAnd422()
    {
        var team = await TeamAsync();

        var response = await app.Browser(team.Host).PostFormAsync("/account/signin", Credentials(team[TeamRole.TeamMember].Email, "wrong-password-1"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Email or password is incorrect.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RefuseAUserWhoIsNotAMemberOfThisTeam()
    {
        var team = await TeamAsync();
        var other = await TeamAsync();

        var response = await app.Browser(team.Host).PostFormAsync("/account/signin", Credentials(other[TeamRole.TeamMember].Email, AppFactory.Password));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Email or password is incorrect.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RefuseACookieCarriedToAnotherTeamsSubdomain()
    {
        var team = await TeamAsync();
        var other = await TeamAsync();
        var cookie = await app.AuthCookieAsync(other, other[TeamRole.OrganizationManager]);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{team.Host}/team/members");
        request.Headers.Add("Cookie", cookie);
        var response = await app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/signin", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task LockTheAccountAfterRepeatedFailures()
    {
        var team = await TeamAsync();
        var member = team[TeamRole.TeamMember];
        var browser = app.Browser(team.Host);

        for (var i = 0; i < 5; i++)
        {
            await browser.PostFormAsync("/account/signin", Credentials(member.Email, "wrong-password-1"));
        }

        // Locked: the right password is refused too, with the same words an unknown email gets.
        var withRightPassword = await browser.PostFormAsync("/account/signin", Credentials(member.Email, AppFactory.Password));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withRightPassword.StatusCode);
        var unknown = await browser.PostFormAsync("/account/signin", Credentials("nobody." + Guid.NewGuid().ToString("N")[..6] + "@example.com", AppFactory.Password));
        Assert.Equal(Refusal(await unknown.Content.ReadAsStringAsync()), Refusal(await withRightPassword.Content.ReadAsStringAsync()));

        // Identity measures the lockout against the system clock, so the test checks its length rather than waiting it out.
        var lockoutEnd = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == member.UserId).Select(u => u.LockoutEnd).SingleAsync());
        Assert.InRange(lockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    private static string Refusal(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "validation-summary-errors[^>]*>(.*?)</div>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;

    [Fact]
    public async Task EmailTheOwnerOfALockedAccountALinkThatSignsInAndUnlocks()
    {
        var team = await TeamAsync();
        var member = team[TeamRole.TeamMember];
        var attacker = app.Browser(team.Host);
        for (var i = 0; i < 7; i++)
        {
            await attacker.PostFormAsync("/account/signin", Credentials(member.Email, "wrong-password-1"));
        }

        // One email, however many more guesses follow.
        var mails = (await app.OutboxAsync(member.Email)).Where(m => m.TextBody.Contains("/account/ticket?unlock=1", StringComparison.Ordinal)).ToList();
        var mail = Assert.Single(mails);
        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody, "/account/ticket\\?unlock=1&token=[A-Za-z0-9_-]+").Value;

        var owner = app.Browser(team.Host);
        var opened = await owner.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/account/profile")).StatusCode);
        Assert.Null(await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == member.UserId).Select(u => u.LockoutEnd).SingleAsync()));

        // The link works once.
        Assert.Equal("/account/signin", (await app.Browser(team.Host).GetAsync(link)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task EndTheSessionOfACopiedCookieOnSignOut()
    {
        var team = await TeamAsync();
        var cookie = await app.AuthCookieAsync(team, team[TeamRole.TeamMember]);
        var raw = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string cookies, HttpContent? content = null)
        {
            var request = new HttpRequestMessage(method, $"http://{team.Host}{path}") { Content = content };
            request.Headers.Add("Cookie", cookies);
            return raw.SendAsync(request);
        }

        // The browser holding the cookie signs out (its page gives the antiforgery token and cookie).
        var page = await SendAsync(HttpMethod.Get, "/account/profile", cookie);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var antiforgery = page.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var token = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(),
            "name=\"antiforgery-token\" content=\"([^\"]+)\"").Groups[1].Value);
        var signOut = await SendAsync(HttpMethod.Post, "/account/signout", $"{cookie}; {antiforgery[..antiforgery.IndexOf(';')]}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        // A copy of the cookie kept elsewhere no longer signs anyone in.
        Assert.Equal(HttpStatusCode.Redirect, (await SendAsync(HttpMethod.Get, "/account/profile", cookie)).StatusCode);
    }

    [Fact]
    public async Task EndEveryOtherSessionWhenThePasswordChanges()
    {
        var team = await TeamAsync();
        var member = team[TeamRole.TeamMember];
        var laptop = await app.SignInAsync(team, member);
        var phone = await app.SignInAsync(team, member);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/account/profile")).StatusCode);

        var changed = await laptop.PostFormAsync("/account/password", new() { ["Input.CurrentPassword"] = AppFactory.Password, ["Input.NewPassword"] = "Brand-new-2", ["Input.ConfirmPassword"] = "Brand-new-2" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/account/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/account/profile")).StatusCode);
    }

    [Fact]
    public async Task RememberTheChosenLanguagePerUser()
    {
        var team = await TeamAsync();
        var member = team[TeamRole.TeamMember];
        var browser = await app.SignInAsync(team, member);

        var token = await browser.TokenAsync("/");
        await browser.PostWithTokenAsync("/language", new() { ["culture"] = "de", ["returnUrl"] = "/" }, token);

        Assert.Contains("Abmelden", await browser.GetStringAsync("/"));
        var saved = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == member.UserId).Select(u => u.Culture).SingleAsync());
        Assert.Equal("de", saved);

        var elsewhere = await app.SignInAsync(team, member);
        Assert.Contains("lang=\"de\"", await elsewhere.GetStringAsync("/"));
    }

    [Fact]
    public async Task ChangeThePassword()
    {
        var team = await TeamAsync();
        var member = team[TeamRole.TeamMember];
        var browser = await app.SignInAsync(team, member);

        var wrong = await browser.PostFormAsync("/account/password", new() { ["Input.CurrentPassword"] = "nope-nope-1", ["Input.NewPassword"] = "Brand-new-2", ["Input.ConfirmPassword"] = "Brand-new-2" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);

        var changed = await browser.PostFormAsync("/account/password", new() { ["Input.CurrentPassword"] = AppFactory.Password, ["Input.NewPassword"] = "Brand-new-2", ["Input.ConfirmPassword"] = "Brand-new-2" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var again = await app.Browser(team.Host).PostFormAsync("/account/signin", Credentials(member.Email, "Brand-new-2"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Fact]
    public async Task ResetAForgottenPasswordThroughTheEmailedLink()
    {
        var team = await TeamAsync();
        var member = team[TeamRole.TeamMember];
        var browser = app.Browser(team.Host);

        var asked = await browser.PostFormAsync("/account/forgot", new() { ["Input.Email"] = member.Email });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var mail = Assert.Single(await app.OutboxAsync(member.Email));
        var link = new Uri(mail.TextBody.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)).Trim());
        Assert.Equal(team.Host, link.Host);

        var reset = await browser.PostFormAsync(link.PathAndQuery, await ResetFormAsync(browser, link.PathAndQuery, "Fresh-pass-3"), tokenFrom: link.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        var signIn = await app.Browser(team.Host).PostFormAsync("/account/signin", Credentials(member.Email, "Fresh-pass-3"));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task SendNoResetMailToStrangersButAnswerTheSame()
    {
        var team = await TeamAsync();
        var other = await TeamAsync();

        var response = await app.Browser(team.Host).PostFormAsync("/account/forgot", new() { ["Input.Email"] = other[TeamRole.TeamMember].Email });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await app.OutboxAsync(other[TeamRole.TeamMember].Email));
    }

    private static async Task<Dictionary<string, string>> ResetFormAsync(Browser browser, string path, string password)
    {
        var html = await browser.GetStringAsync(path);
        string Field(string name) => System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value);
        return new()
        {
            ["Input.UserId"] = Field("Input.UserId"),
            ["Input.Token"] = Field("Input.Token"),
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        };
    }
}

/// <summary>The sign-in endpoint is rate-limited per host and client address.</summary>
public class SignInRateLimitShould(SignInRateLimitShould.LowLimitApp app) : IClassFixture<SignInRateLimitShould.LowLimitApp>
{
    public sealed class LowLimitApp : AppFactory
    {
        protected override int SignInPerMinute => 3;
    }

    [Fact]
    public async Task RefuseTooManySignInAttemptsWith429()
    {
        var team = await app.CreateTeamAsync("rl" + Guid.NewGuid().ToString("N")[..6], ("Rita", TeamRole.TeamMember));
        var browser = app.Browser(team.Host);
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 5; i++)
        {
            var response = await browser.PostFormAsync("/account/signin", new() { ["Input.Email"] = team.Members[0].Email, ["Input.Password"] = "wrong-one-1" });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task CountEveryWayOfWritingTheHostAsOneSite()
    {
        var team = await app.CreateTeamAsync("rh" + Guid.NewGuid().ToString("N")[..6], ("Rita", TeamRole.TeamMember));
        var statuses = new List<HttpStatusCode>();
        foreach (var host in new[] { team.Host, team.Host.ToUpperInvariant(), team.Host + ".", "Rh" + team.Host[2..] })
        {
            var browser = app.Browser(host);
            var response = await browser.PostFormAsync("/account/signin", new() { ["Input.Email"] = team.Members[0].Email, ["Input.Password"] = "wrong-one-1" });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.TooManyRequests], statuses);
    }
}
