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

        var withRightPassword = await browser.PostFormAsync("/account/signin", Credentials(member.Email, AppFactory.Password));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withRightPassword.StatusCode);
        Assert.Contains("locked", await withRightPassword.Content.ReadAsStringAsync());

        // Identity measures the lockout against the system clock, so the test checks its length rather than waiting it out.
        var lockoutEnd = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == member.UserId).Select(u => u.LockoutEnd).SingleAsync());
        Assert.InRange(lockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
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
}
