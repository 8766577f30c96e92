using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Account;

public class SignUpShould(AppFactory app) : IClassFixture<AppFactory>
{
    private static Dictionary<string, string> Form(string identifier, string email = "owner@acme.test", string password = "Secret-pass-1", string team = "Acme Studio", string owner = "Olga Owner") => new()
    {
        ["Input.TeamName"] = team,
        ["Input.Identifier"] = identifier,
        ["Input.OwnerName"] = owner,
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    };

    [Fact]
    public async Task CreateTeamOwnerAndMembershipAndSignTheOwnerInOnTheSubdomain()
    {
        var identifier = "acme" + Suffix();
        var email = $"owner-{identifier}@acme.test";

        var response = await app.Root().PostFormAsync("/signup", Form(identifier, email));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal($"{identifier}.localhost", location.Host);
        Assert.Equal("/account/ticket", location.AbsolutePath);

        var owner = app.Browser($"{identifier}.localhost");
        var landed = await owner.GetAsync(location.PathAndQuery);
        Assert.Equal("/", landed.Headers.Location?.OriginalString);
        var home = await owner.GetStringAsync("/");
        Assert.Contains("Olga Owner", home);
        Assert.Contains("Acme Studio", home);
        Assert.Contains("team-card-title", home);

        var role = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var tenant = await db.Tenants.SingleAsync(t => t.Identifier == identifier);
            return await db.Memberships.IgnoreQueryFilters().Where(m => m.TenantId == tenant.Id).Select(m => m.Role).SingleAsync();
        });
        Assert.Equal(TeamRole.OrganizationManager, role);
        Assert.Single(await app.OutboxAsync(email));
    }

    [Fact]
    public async Task SetAHostOnlyAuthCookie()
    {
        var identifier = "cookie" + Suffix();
        var response = await app.Root().PostFormAsync("/signup", Form(identifier, $"o-{identifier}@acme.test"));
        var owner = app.Browser($"{identifier}.localhost");

        var landed = await owner.GetAsync(response.Headers.Location!.PathAndQuery);

        var authCookie = landed.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("crmsaas.auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("domain=", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", authCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AcceptTheSignInLinkOnlyOnce()
    {
        var identifier = "once" + Suffix();
        var response = await app.Root().PostFormAsync("/signup", Form(identifier, $"o-{identifier}@acme.test"));
        var link = response.Headers.Location!.PathAndQuery;
        await app.Browser($"{identifier}.localhost").GetAsync(link);

        var second = app.Browser($"{identifier}.localhost");
        var replay = await second.GetAsync(link);

        Assert.Equal("/account/signin", replay.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task RefuseAnExpiredSignInLink()
    {
        var identifier = "late" + Suffix();
        var response = await app.Root().PostFormAsync("/signup", Form(identifier, $"o-{identifier}@acme.test"));
        app.Clock.Advance(TimeSpan.FromMinutes(3));

        var landed = await app.Browser($"{identifier}.localhost").GetAsync(response.Headers.Location!.PathAndQuery);

        Assert.Equal("/account/signin", landed.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("ab", "Input.Identifier")]
    [InlineData("Bad_Name", "Input.Identifier")]
    [InlineData("www", "Input.Identifier")]
    [InlineData("-start", "Input.Identifier")]
    [InlineData("xn--abc", "Input.Identifier")]
    public async Task RefuseBadSubdomainsBesideTheField(string identifier, string field)
    {
        var response = await app.Root().PostFormAsync("/signup", Form(identifier, $"bad-{Suffix()}@acme.test"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches($"data-valmsg-for=\"{field}\"[^>]*>[^<]+<", html);
        Assert.False(await TeamExistsAsync(identifier.ToLowerInvariant()));
    }

    [Fact]
    public async Task RefuseATakenSubdomain()
    {
        var identifier = "taken" + Suffix();
        await app.Root().PostFormAsync("/signup", Form(identifier, $"first-{identifier}@acme.test"));

        var response = await app.Root().PostFormAsync("/signup", Form(identifier, $"second-{identifier}@acme.test"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("already taken", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("not-an-email", "Secret-pass-1", "Input.Email")]
    [InlineData("ok@acme.test", "short1", "Input.Password")]
    [InlineData("ok@acme.test", "", "Input.Password")]
    public async Task RefuseBadOwnerDetailsAndSaveNothing(string email, string password, string field)
    {
        var identifier = "bad" + Suffix();

        var response = await app.Root().PostFormAsync("/signup", Form(identifier, email, password));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches($"data-valmsg-for=\"{field}\"[^>]*>[^<]+<", await response.Content.ReadAsStringAsync());
        Assert.False(await TeamExistsAsync(identifier));
    }

    [Fact]
    public async Task KeepNothingWhenIdentityRefusesThePassword()
    {
        var identifier = "weak" + Suffix();

        // Long enough for the form, but Identity wants a digit.
        var response = await app.Root().PostFormAsync("/signup", Form(identifier, $"w-{identifier}@acme.test", "onlyletters"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.False(await TeamExistsAsync(identifier));
        Assert.Null(await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Users.SingleOrDefaultAsync(u => u.Email == $"w-{identifier}@acme.test")));
    }

    [Fact]
    public async Task CheckTheSubdomainAsYouType()
    {
        var taken = "check" + Suffix();
        await app.Root().PostFormAsync("/signup", Form(taken, $"c-{taken}@acme.test"));

        var takenAnswer = await app.Root().GetStringAsync($"/signup?handler=Check&Input.Identifier={taken}");
        var freeAnswer = await app.Root().GetStringAsync($"/signup?handler=Check&Input.Identifier=free{Suffix()}");
        var reservedAnswer = await app.Root().GetStringAsync("/signup?handler=Check&Input.Identifier=admin");

        Assert.Contains("already taken", takenAnswer);
        Assert.Contains("is available", freeAnswer);
        Assert.Contains("reserved", reservedAnswer);
    }

    private Task<bool> TeamExistsAsync(string identifier) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Tenants.AnyAsync(t => t.Identifier == identifier));

    [Fact]
    public async Task AddATeamToAnExistingAccountOnlyThroughTheSignInChecks()
    {
        var first = "first" + Suffix();
        var email = $"owner-{first}@acme.test";
        Assert.Equal(HttpStatusCode.Redirect, (await app.Root().PostFormAsync("/signup", Form(first, email))).StatusCode);

        // Wrong passwords count toward the lockout, like on a sign-in page.
        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await app.Root().PostFormAsync("/signup", Form("second" + Suffix(), email, "Wrong-pass-9"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
            answers.Add(FieldError(await wrong.Content.ReadAsStringAsync()));
        }

        var user = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Users.SingleAsync(u => u.Email == email));
        Assert.NotNull(user.LockoutEnd);

        // Locked: the right password adds no team, and the answer is the one a wrong password got.
        var third = "third" + Suffix();
        var locked = await app.Root().PostFormAsync("/signup", Form(third, email));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, locked.StatusCode);
        Assert.Equal(answers[0], FieldError(await locked.Content.ReadAsStringAsync()));
        Assert.Single(answers.Distinct());
        Assert.False(await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Tenants.AnyAsync(t => t.Identifier == third)));
    }

    private static string FieldError(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "id=\"Input_Password-error\"[^>]*>(.*?)</span>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];
}
