using System.Net;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CrmSaaS.Tests.Hosting;

/// <summary>Every response carries the security headers; behind TLS, cookies are Secure and HSTS is sent.</summary>
public class SecurityHeadersShould(SecurityHeadersShould.TlsApp app) : IClassFixture<SecurityHeadersShould.TlsApp>
{
    /// <summary>The app as deployed: its public address is https.</summary>
    public sealed class TlsApp : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Tenancy:PublicUrl", "https://localhost");
        }
    }

    [Theory]
    [InlineData("/account/signin")]
    [InlineData("/no/such/page")]
    [InlineData("/js/site.js")]
    public async Task SendTheSecurityHeadersOnEveryResponse(string path)
    {
        var team = await app.CreateTeamAsync("h" + Guid.NewGuid().ToString("N")[..8], ("Olga", TeamRole.OrganizationManager));
        var response = await Https(team).GetAsync(path);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task MarkEveryCookieSecureAndSendHstsOverTls()
    {
        var team = await app.CreateTeamAsync("s" + Guid.NewGuid().ToString("N")[..8], ("Olga", TeamRole.OrganizationManager));
        var browser = Https(team);
        var plain = await app.Browser(team.Host).GetAsync("/account/signin?returnUrl=%2Ftime");
        Assert.Equal($"https://{team.Host}/account/signin?returnUrl=%2Ftime", plain.Headers.Location!.OriginalString);

        var page = await browser.GetAsync("/account/signin");
        Assert.Contains("max-age=31536000; includeSubDomains", string.Join(";", page.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);

        var signedIn = await browser.PostFormAsync("/account/signin", new() { ["Input.Email"] = team[TeamRole.OrganizationManager].Email, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookies = page.Headers.GetValues("Set-Cookie").Concat(signedIn.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("crmsaas.auth=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    private Browser Https(TestTeam team) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"https://{team.Host}"), AllowAutoRedirect = false }));

    [Fact]
    public async Task RenderNoInlineScriptOrEventHandler()
    {
        var team = await app.CreateTeamAsync("i" + Guid.NewGuid().ToString("N")[..8], ("Olga", TeamRole.OrganizationManager));
        var manager = Https(team);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/account/signin", new() { ["Input.Email"] = team[TeamRole.OrganizationManager].Email, ["Input.Password"] = AppFactory.Password })).StatusCode);
        foreach (var path in new[] { "/", "/crm/clients", "/projects", "/projects/analytics", "/time", "/time/summaries", "/team/members", "/crm/analytics" })
        {
            var html = await manager.GetStringAsync(path);
            Assert.DoesNotMatch("<script(?![^>]*\\b(src|type=\"application/json\"))[^>]*>", html);
            Assert.DoesNotMatch("\\son(click|change|submit|input|load)=", html);
        }
    }
}
