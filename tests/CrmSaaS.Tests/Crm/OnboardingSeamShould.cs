using System.Net;
using Coravel;
using Coravel.Events.Interfaces;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Onboarding;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Crm;

/// <summary>
/// The client and every listener's onboarding work are saved together or not at all, even though
/// Coravel runs each listener in its own DI scope with its own DbContext.
/// </summary>
public class OnboardingSeamShould(OnboardingSeamShould.OnboardingApp app) : IClassFixture<OnboardingSeamShould.OnboardingApp>
{
    /// <summary>Stands in for another plugin's listener: writes to the database through its own context.</summary>
    public sealed class NoteListener(AppDbContext db, TimeProvider clock) : IListener<ClientCreated>
    {
        public async Task HandleAsync(ClientCreated broadcasted)
        {
            if (await db.Set<Activity>().AnyAsync(a => a.ClientId == broadcasted.ClientId && a.Subject == "Onboarded"))
            {
                return;
            }

            db.Add(new Activity { Type = ActivityType.Note, Subject = "Onboarded", ClientId = broadcasted.ClientId, AuthorId = broadcasted.CreatedBy, OccurredAt = clock.GetUtcNow().UtcDateTime, CreatedAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }
    }

    /// <summary>A listener that fails when the form asks it to.</summary>
    public sealed class FailingListener : IListener<ClientCreated>
    {
        public Task HandleAsync(ClientCreated broadcasted) => broadcasted.IsOn("Test.Fail")
            ? throw new OnboardingFailedException("Test step", "the test listener refused")
            : Task.CompletedTask;
    }

    public sealed class OnboardingApp : AppFactory
    {
        private bool _subscribed;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddTransient<NoteListener>().AddTransient<FailingListener>());
        }

        public void Subscribe()
        {
            lock (this)
            {
                if (!_subscribed)
                {
                    Services.ConfigureEvents().Register<ClientCreated>().Subscribe<NoteListener>().Subscribe<FailingListener>();
                    _subscribed = true;
                }
            }
        }
    }

    private async Task<(TestTeam Team, Browser Manager)> ArrangeAsync()
    {
        app.Subscribe();
        var team = await CrmApp.TeamAsync(app);
        return (team, await app.SignInAsync(team, team[TeamRole.OrganizationManager]));
    }

    private Task<(int Clients, int Notes)> CountsAsync(TestTeam team) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        return (await db.Set<Client>().CountAsync(), await db.Set<Activity>().CountAsync(a => a.Subject == "Onboarded"));
    }, team.Tenant);

    private Task<int> KickoffsAsync(TestTeam team) => app.WithScopeAsync(sp =>
        sp.GetRequiredService<AppDbContext>().Set<Activity>().CountAsync(a => a.Subject == KickoffOnboarding.Subject && a.Type == ActivityType.FollowUp), team.Tenant);

    [Fact]
    public async Task RenderEveryContributorsOptionsWithTheirDefaults()
    {
        var (_, manager) = await ArrangeAsync();

        var html = await manager.GetStringAsync("/crm/clients/new");

        Assert.Contains("<legend class=\"h6 float-none w-auto px-2 mb-0\">Follow-up</legend>", html);
        Assert.Matches("name=\"Onboarding\\[Crm.KickoffFollowUp\\]\" value=\"true\" checked", html);
    }

    [Fact]
    public async Task RunTheCrmsOwnKickoffStepOnlyWhenChosenAndRollItBackWithTheRest()
    {
        var (team, manager) = await ArrangeAsync();
        var me = team[TeamRole.OrganizationManager].UserId;
        var on = CrmApp.ClientForm("Kickoff Co", me);
        on["Onboarding[Crm.KickoffFollowUp]"] = "true";
        var off = CrmApp.ClientForm("Quiet Co", me);
        var failing = CrmApp.ClientForm("Failing Co", me);
        failing["Onboarding[Crm.KickoffFollowUp]"] = "true";
        failing["Onboarding[Test.Fail]"] = "true";

        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/crm/clients/new", on)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/crm/clients/new", off)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await manager.PostFormAsync("/crm/clients/new", failing)).StatusCode);

        Assert.Equal(1, await KickoffsAsync(team));
        Assert.Contains(KickoffOnboarding.Subject, await manager.GetStringAsync("/"));
    }

    [Fact]
    public async Task SaveTheClientAndEveryListenersWorkTogether()
    {
        var (team, manager) = await ArrangeAsync();
        var form = CrmApp.ClientForm("Onboarded Co", team[TeamRole.OrganizationManager].UserId);
        form["Onboarding[Test.Fail]"] = "false";

        var response = await manager.PostFormAsync("/crm/clients/new", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal((1, 1), await CountsAsync(team));
        Assert.Contains("Onboarded", await manager.GetStringAsync(response.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task SaveNothingAndSayWhichStepFailedWhenAListenerFails()
    {
        var (team, manager) = await ArrangeAsync();
        var form = CrmApp.ClientForm("Doomed Co", team[TeamRole.OrganizationManager].UserId);
        form["Onboarding[Test.Fail]"] = "true";

        var response = await manager.PostFormAsync("/crm/clients/new", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Test step", html);
        Assert.Contains("value=\"Doomed Co\"", html);
        Assert.Equal((0, 0), await CountsAsync(team));

        form["Onboarding[Test.Fail]"] = "false";
        var retried = await manager.PostFormAsync("/crm/clients/new", form);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal((1, 1), await CountsAsync(team));
    }
}
