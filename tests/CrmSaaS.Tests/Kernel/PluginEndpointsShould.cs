using System.Net;
using System.Security.Cryptography;
using System.Text;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Crm;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Kernel;

/// <summary>
/// Plugin endpoints run behind the same tenancy, sign-in and permissions as pages; unsafe ones check
/// the antiforgery token, and a webhook answers only to a verified signature.
/// </summary>
public class PluginEndpointsShould(PluginEndpointsShould.HooksApp app) : IClassFixture<PluginEndpointsShould.HooksApp>
{
    public const string Secret = "test-signing-secret";

    /// <summary>HMAC-SHA256 of the raw body with the team's secret, as payment providers sign their calls.</summary>
    public sealed class TestVerifier(ITenantContext tenant) : IWebhookSignatureVerifier
    {
        public Task<bool> VerifyAsync(HttpRequest request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret + tenant.Tenant!.Identifier), body.Span));
            var given = request.Headers["X-Signature"].ToString();
            return Task.FromResult(given.Length == expected.Length && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(expected)));
        }
    }

    public sealed class Received
    {
        public List<(string Team, string Body)> Calls { get; } = [];
    }

    /// <summary>A plugin of the tests' own, mapped like any other.</summary>
    public sealed class HooksPlugin : IPlugin
    {
        public string Name => "Hooks";

        public void MapEndpoints(PluginEndpoints endpoints)
        {
            endpoints.MapSignedWebhook<TestVerifier>("/hooks/test", (HttpContext http, ITenantContext tenant, Received received) =>
            {
                lock (received)
                {
                    received.Calls.Add((tenant.Tenant!.Identifier, http.WebhookBody().Text));
                }

                return Results.Ok();
            }, maxBodyBytes: 1024);
            endpoints.MapPost("/hooks/echo", (ICurrentUser user) => Results.Text("echo " + user.DisplayName), CrmPermissions.Read);
        }
    }

    public sealed class HooksApp : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimits:WebhooksPerMinute", "20");
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<Received>();
                services.AddSingleton(new PluginCatalog(CrmSaaS.Web.Plugins.All.Append(new HooksPlugin())));
            });
        }
    }

    private static StringContent Signed(string body, string team, string? secret = null)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add("X-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes((secret ?? Secret) + team), Encoding.UTF8.GetBytes(body))));
        return content;
    }

    [Fact]
    public async Task AcceptAWebhookWithAVerifiedSignatureWithoutSignInOrAntiforgery()
    {
        var team = await CrmApp.TeamAsync(app);
        var body = $$"""{"id":"evt_{{Guid.NewGuid():N}}"}""";

        var response = await app.Browser(team.Host).Client.PostAsync("/hooks/test", Signed(body, team.Tenant.Identifier));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains((team.Tenant.Identifier, body), app.Services.GetRequiredService<Received>().Calls);
    }

    [Fact]
    public async Task RefuseAWebhookWithAWrongOrMissingSignatureOrAnotherTeamsOrTooLargeABody()
    {
        var team = await CrmApp.TeamAsync(app);
        var other = await CrmApp.TeamAsync(app);
        var client = app.Browser(team.Host).Client;
        var body = $$"""{"id":"evt_{{Guid.NewGuid():N}}"}""";

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/hooks/test", Signed(body, team.Tenant.Identifier, "guessed"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/hooks/test", new StringContent(body))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/hooks/test", Signed(body, other.Tenant.Identifier))).StatusCode);
        var large = "{\"pad\":\"" + new string('x', 2000) + "\"}";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync("/hooks/test", Signed(large, team.Tenant.Identifier))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Root().Client.PostAsync("/hooks/test", Signed(body, team.Tenant.Identifier))).StatusCode);
        Assert.DoesNotContain(app.Services.GetRequiredService<Received>().Calls, c => c.Body == body);
    }

    [Fact]
    public async Task LimitTheRateOfWebhookCallsPerTeam()
    {
        var team = await CrmApp.TeamAsync(app);
        var client = app.Browser(team.Host).Client;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            statuses.Add((await client.PostAsync("/hooks/test", Signed($"{{\"n\":{i}}}", team.Tenant.Identifier))).StatusCode);
        }

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task CheckSignInPermissionAndAntiforgeryOnAPluginsPost()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var token = await manager.TokenAsync("/");

        Assert.Equal(HttpStatusCode.BadRequest, (await manager.Client.PostAsync("/hooks/echo", new FormUrlEncodedContent([]))).StatusCode);
        var echoed = await manager.PostWithTokenAsync("/hooks/echo", [], token);
        Assert.Equal(HttpStatusCode.OK, echoed.StatusCode);
        Assert.Equal("echo Olivia Org", await echoed.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.OK, (await app.Browser(team.Host).PostWithTokenAsync("/hooks/echo", [], token)).StatusCode);
    }

    [Fact]
    public void LeaveNoUnsafeEndpointWithoutAntiforgeryOrAVerifiedSignature()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints;

        Assert.Contains(endpoints, e => e.Metadata.GetMetadata<SignedWebhookAttribute>() is not null);
        Assert.Contains(endpoints, e => e.Metadata.GetMetadata<AntiforgeryValidatedAttribute>() is not null);
        Assert.Empty(Unprotected(endpoints));
    }

    [Fact]
    public void NameAnUnsafeEndpointThatChecksNeither()
    {
        var bare = new RouteEndpoint(_ => Task.CompletedTask, Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse("/bare"), 0,
            new EndpointMetadataCollection(new HttpMethodMetadata(["POST"])), "bare");
        var read = new RouteEndpoint(_ => Task.CompletedTask, Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse("/read"), 0,
            new EndpointMetadataCollection(new HttpMethodMetadata(["GET"])), "read");

        Assert.Equal(["bare"], Unprotected([bare, read]));
    }

    /// <summary>
    /// Unsafe endpoints that check neither: pages validate the token unless told to ignore it; other
    /// endpoints need the antiforgery check of PluginEndpoints.MapPost or a signed-webhook verifier.
    /// </summary>
    private static List<string> Unprotected(IEnumerable<Endpoint> endpoints) => endpoints.OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is not { } methods || methods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m) && !HttpMethods.IsOptions(m)))
        .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute>() is not null
            || (e.Metadata.GetMetadata<PageActionDescriptor>() is null
                && e.Metadata.GetMetadata<AntiforgeryValidatedAttribute>() is null && e.Metadata.GetMetadata<SignedWebhookAttribute>()?.Verifier is null))
        .Select(e => e.DisplayName ?? e.RoutePattern.RawText ?? "?")
        .ToList();
}
