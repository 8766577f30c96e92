using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Hosting;

/// <summary>
/// A read-only team page asked again by the same browser is answered from memory (the answer then
/// carries an Age header) until anything in the team changes, its time window passes, or the browser's
/// cookies differ; it is never another user's page and never outlives the session it was made for.
/// </summary>
public sealed class PageCacheShould(PageCacheShould.CachingApp app) : IClassFixture<PageCacheShould.CachingApp>
{
    /// <summary>On by default; said here so that these tests do not depend on the default.</summary>
    public sealed class CachingApp : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("PageCache:Enabled", "true");
            builder.UseSetting("PageCache:WindowSeconds", "10");
        }
    }

    private static bool FromMemory(HttpResponseMessage response) => response.Headers.Age is not null;

    private static async Task<(HttpResponseMessage Response, string Html)> ReadAsync(Browser browser, string path)
    {
        var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Reads the page and sees it rendered, not taken from memory.</summary>
    private static async Task<string> RenderedAsync(Browser browser, string path)
    {
        var (response, html) = await ReadAsync(browser, path);
        Assert.False(FromMemory(response), $"{path} should have been rendered");
        return html;
    }

    /// <summary>Reads the page twice: rendered the first time, from memory the second.</summary>
    private static async Task<string> StoredAsync(Browser browser, string path)
    {
        await RenderedAsync(browser, path);
        var (again, html) = await ReadAsync(browser, path);
        Assert.True(FromMemory(again), $"{path} should be answered from memory when nothing changed");
        return html;
    }

    [Fact]
    public async Task AnswerTheSameBrowserFromMemoryUntilAMemberChangesSomething()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var sales = await app.SignInAsync(team, team[TeamRole.SalesManager]);
        var before = await StoredAsync(manager, "/crm/clients");
        Assert.DoesNotContain("Nordwind Logistics", before);

        await CrmApp.CreateClientAsync(sales, "Nordwind Logistics", team[TeamRole.SalesManager].UserId);

        Assert.Contains("Nordwind Logistics", await RenderedAsync(manager, "/crm/clients"));
    }

    [Fact]
    public async Task SeeAChangeMadeOutsideAnyRequest()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var owner = team[TeamRole.OrganizationManager].UserId;
        var id = await CrmApp.CreateClientAsync(manager, "Alster Werft", owner);
        Assert.Contains("Alster Werft", await StoredAsync(manager, "/crm/clients"));

        // A job's bulk update: no request, no change tracker.
        await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Client>().Where(c => c.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Name, "Elbe Werft")), team.Tenant);

        var html = await RenderedAsync(manager, "/crm/clients");
        Assert.Contains("Elbe Werft", html);
        Assert.DoesNotContain("Alster Werft", html);
    }

    [Fact]
    public async Task NeverAnswerOneMemberWithAnothersPage()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var rep = await app.SignInAsync(team, team[TeamRole.SalesRepresentative]);
        Assert.Contains("Olivia Org", await StoredAsync(manager, "/"));

        var html = await RenderedAsync(rep, "/");

        Assert.Contains("Rita Rep", html);
        Assert.DoesNotContain("Olivia Org", html);
    }

    [Fact]
    public async Task RenderAgainOnceItsTimeWindowHasPassed()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        await StoredAsync(manager, "/crm/clients");

        app.Clock.Advance(TimeSpan.FromSeconds(10));

        await RenderedAsync(manager, "/crm/clients");
    }

    [Fact]
    public async Task KeepAnHtmxPartApartFromTheWholePage()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var page = await StoredAsync(manager, "/crm/clients");
        Assert.Contains("<html", page);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/crm/clients");
        request.Headers.Add("HX-Request", "true");
        var part = await manager.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, part.StatusCode);
        Assert.False(FromMemory(part));
        Assert.DoesNotContain("<html", await part.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NotOutliveTheSessionItWasMadeFor()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        await StoredAsync(manager, "/crm/clients");
        var token = await manager.TokenAsync("/account/profile");

        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostWithTokenAsync("/account/signout", [], token)).StatusCode);

        var after = await manager.GetAsync("/crm/clients");
        Assert.NotEqual(HttpStatusCode.OK, after.StatusCode);
        Assert.False(FromMemory(after));
    }

    [Fact]
    public async Task NotStorePagesThatDidNotOptIn()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);

        for (var i = 0; i < 3; i++)
        {
            await RenderedAsync(manager, "/account/profile");
        }
    }

    [Theory]
    [InlineData("SELECT 1", false)]
    [InlineData("  select \"c\".\"Id\" FROM \"CrmClients\"", false)]
    [InlineData("-- Contacts page\n-- second tag\nSELECT 1", false)]
    [InlineData("PRAGMA foreign_keys = 1", false)]
    [InlineData("INSERT INTO \"CrmClients\" VALUES (1) RETURNING \"Id\"", true)]
    [InlineData("-- tag\nUPDATE \"CrmClients\" SET \"Name\" = 'x'", true)]
    [InlineData("DELETE FROM \"CrmClients\"", true)]
    [InlineData("WITH x AS (SELECT 1) UPDATE \"CrmClients\" SET \"Name\" = 'x'", true)]
    [InlineData("-- only a comment", true)]
    public void TakeEveryStatementButAReadForAWrite(string sql, bool write) =>
        Assert.Equal(write, DataChangeInterceptor.MayWrite(sql));
}
