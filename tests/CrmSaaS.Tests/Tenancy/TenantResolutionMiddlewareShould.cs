using System.Net;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Web.Pages.Admin;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Tenancy;

public class TenantResolutionMiddlewareShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("nosuchteam.localhost")]
    [InlineData("www.localhost")]
    [InlineData("admin.localhost")]
    [InlineData("x.acmeco.localhost")]
    [InlineData("acmeco.localhost.evil.com")]
    [InlineData("evil.com")]
    [InlineData("127.0.0.1")]
    public async Task AnswerNotFoundForHostsThatNameNoTeam(string host)
    {
        await EnsureTeamAsync("acmeco");

        foreach (var path in new[] { "/", "/account/signin", "/signup", "/health", "/admin" })
        {
            var response = await app.Browser(host).GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task ServeRootPagesOnlyOnTheRootDomain()
    {
        var team = await EnsureTeamAsync("rootonly");
        var member = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);

        Assert.Equal(HttpStatusCode.OK, (await app.Root().GetAsync("/signup")).StatusCode);
        Assert.Equal("Healthy", await app.Root().GetStringAsync("/health"));
        Assert.Equal("Ready", await app.Root().GetStringAsync("/health/ready"));
        // The proxy's on-demand certificates: the root domain and existing teams only.
        Assert.Equal(HttpStatusCode.OK, (await app.Root().GetAsync("/tls/ask?domain=localhost")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Root().GetAsync($"/tls/ask?domain={team.Host}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Root().GetAsync("/tls/ask?domain=nosuchteam.localhost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Root().GetAsync($"/tls/ask?domain={team.Tenant.Identifier}.evil.test")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Root().GetAsync("/tls/ask")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("/signup")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Root().GetAsync("/account/signin")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Root().GetAsync("/team/members")).StatusCode);
    }

    [Fact]
    public async Task ServeTheTeamOnItsSubdomainCaseAndPortInsensitive()
    {
        var team = await EnsureTeamAsync("casing");

        var response = await app.Browser(team.Tenant.Identifier.ToUpperInvariant() + ".LocalHost:5000").GetAsync("/account/signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(team.Tenant.Name, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnswerNotFoundForASuspendedTeamAndServeItAgainWhenResumed()
    {
        var team = await EnsureTeamAsync("pausing");
        var member = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);

        await SetStateAsync(team.Tenant.Id, TenantState.Suspended);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser(team.Host).GetAsync("/account/signin")).StatusCode);
        // Nor does the proxy get a certificate for it.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Root().GetAsync($"/tls/ask?domain={team.Host}")).StatusCode);

        await SetStateAsync(team.Tenant.Id, TenantState.Active);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Root().GetAsync($"/tls/ask?domain={team.Host}")).StatusCode);
    }

    private async Task<TestTeam> EnsureTeamAsync(string identifier) =>
        await app.CreateTeamAsync(identifier + Guid.NewGuid().ToString("N")[..4], ("Owner", TeamRole.OrganizationManager));

    private Task SetStateAsync(Guid tenantId, TenantState state) => app.WithScopeAsync(async sp =>
    {
        var http = sp.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>();
        http.HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext { User = TestPrincipals.Superadmin() };
        await sp.GetRequiredService<IMediator>().Send(new TeamsModel.SetState(tenantId, state));
    });
}
