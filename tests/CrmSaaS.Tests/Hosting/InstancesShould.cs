using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Hosting;

/// <summary>
/// Two instances of the app on one database, each with a data folder of its own (as on two machines):
/// a cookie and a form token made by one are read by the other, because the keys that protect them
/// are kept in the database.
/// </summary>
public sealed class InstancesShould
{
    /// <summary>A second instance on the first one's database; its own folder holds nothing the first made.</summary>
    private sealed class SecondInstance(AppFactory first) : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Database:ConnectionString", TestDatabase.ConnectionStringFor(first.DataDirectory));
        }
    }

    /// <summary>A client that keeps no cookies of its own: the test carries them from one instance to the other.</summary>
    private static HttpClient Raw(AppFactory app, TestTeam team) => app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri($"http://{team.Host}"), AllowAutoRedirect = false, HandleCookies = false,
    });

    [Fact]
    public async Task ReadEachOthersCookiesAndFormTokens()
    {
        using var first = new AppFactory();
        var team = await first.CreateTeamAsync("inst" + Guid.NewGuid().ToString("N")[..6], ("Ines", TeamRole.OrganizationManager));
        var auth = await first.AuthCookieAsync(team, team[TeamRole.OrganizationManager]);

        // The first instance renders a form: its token, and the antiforgery cookie that goes with it.
        var form = new HttpRequestMessage(HttpMethod.Get, "/crm/clients/new");
        form.Headers.Add("Cookie", auth);
        var rendered = await Raw(first, team).SendAsync(form);
        Assert.Equal(HttpStatusCode.OK, rendered.StatusCode);
        var antiforgery = rendered.Headers.GetValues("Set-Cookie").Select(c => c[..c.IndexOf(';')]).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(await rendered.Content.ReadAsStringAsync(),
            "(?:name=\"__RequestVerificationToken\"[^>]*value=\"|name=\"antiforgery-token\" content=\")(?<token>[^\"]+)\"").Groups["token"].Value);
        Assert.NotEmpty(token);
        Assert.True(await first.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().DataProtectionKeys.AnyAsync()), "the key ring should be in the database");

        using var second = new SecondInstance(first);
        var page = new HttpRequestMessage(HttpMethod.Get, "/crm/clients");
        page.Headers.Add("Cookie", auth);
        Assert.Equal(HttpStatusCode.OK, (await Raw(second, team).SendAsync(page)).StatusCode);
        // The form posted to the second instance: the token is good there, so the input itself is judged.
        var post = new HttpRequestMessage(HttpMethod.Post, "/crm/clients/new")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "", ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", $"{auth}; {antiforgery}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Raw(second, team).SendAsync(post)).StatusCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(second.DataDirectory, "keys*"));
    }

    [Fact]
    public async Task TellEachOtherOfASuspendedTeamAndOfLiveEvents()
    {
        if (!TestDatabase.IsPostgres)
        {
            // On SQLite the app is one instance: its notifications stay in the process (the live bus
            // tests cover that). What travels between instances needs PostgreSQL; test.sh runs this there.
            return;
        }

        using var first = new AppFactory();
        var team = await first.CreateTeamAsync("clu" + Guid.NewGuid().ToString("N")[..6], ("Olga", TeamRole.OrganizationManager), ("Sam", TeamRole.SalesManager));
        var client = await Crm.CrmApp.CreateClientAsync(await first.SignInAsync(team, team[TeamRole.OrganizationManager]), "Cluster client", team[TeamRole.OrganizationManager].UserId);

        using var second = new SecondInstance(first);
        var watcher = second.Browser(team.Host);
        watcher.Client.DefaultRequestHeaders.Add("Cookie", await second.AuthCookieAsync(team, team[TeamRole.SalesManager]));
        Assert.Equal(HttpStatusCode.OK, (await watcher.GetAsync("/")).StatusCode); // the second instance has the team in its cache now

        // A task added on the first instance reaches a board open on the second.
        var manager = await first.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var project = await Projects.ProjectsApp.CreateProjectAsync(manager, client, "Heard elsewhere");
        var column = (await Projects.ProjectsApp.ColumnsAsync(first, team, project))[0];
        await using (var live = await LiveReader.OpenAsync(watcher, "/live"))
        {
            Assert.Equal("ready", (await live.NextAsync())?.Event);
            await Projects.ProjectsApp.AddTaskAsync(first, team, manager, project, column.Id, "Made on the first instance");
            var heard = await live.NextNamedAsync("project", TimeSpan.FromSeconds(5));
            Assert.Equal(project.ToString(), heard?.Data);
        }

        // Suspended on the first instance: the second answers 404 at once, not when its cache expires.
        await first.WithScopeAsync(async sp =>
        {
            var http = sp.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>();
            http.HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext { User = TestPrincipals.Superadmin() };
            await sp.GetRequiredService<Mediator.IMediator>().Send(new CrmSaaS.Web.Pages.Admin.TeamsModel.SetState(team.Tenant.Id, CrmSaaS.Kernel.Tenancy.TenantState.Suspended));
        });
        var answer = HttpStatusCode.OK;
        for (var i = 0; i < 50 && answer != HttpStatusCode.NotFound; i++)
        {
            await Task.Delay(100);
            answer = (await second.Browser(team.Host).GetAsync("/account/signin")).StatusCode;
        }

        Assert.Equal(HttpStatusCode.NotFound, answer);
    }

    [Fact]
    public async Task IssueOneInvoicePerClientAndPeriodWhenTheScheduledRunFiresOnBothAtOnce()
    {
        using var first = new AppFactory();
        var world = await WeeklyClientWithTimeAsync(first);
        using var second = new SecondInstance(first);
        await FireInvoiceRunOnBothAndFindOneInvoiceAsync(first, second, world);
    }

    /// <summary>A team whose client is invoiced weekly, automatically, with two billable hours last week.</summary>
    internal static async Task<Time.TimeWorld> WeeklyClientWithTimeAsync(AppFactory app)
    {
        var world = await Time.TimeWorld.CreateAsync(app);
        await world.AddRateAsync(CrmSaaS.Plugins.Time.Domain.RateLevel.Client, 100m, world.Today.AddDays(-60), client: world.Client);
        await world.AsAsync(sp => sp.GetRequiredService<CrmSaaS.Plugins.Time.Domain.TimeTracking>().LogAsync(world.Manager.UserId,
            new CrmSaaS.Plugins.Time.Domain.EntryInput(world.Project, null, null, null, world.Today.AddDays(-4), TimeSpan.FromHours(2), "Last week", true), default));
        await world.AsAsync(async sp =>
        {
            var settings = await sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Plugins.Billing.Domain.ClientBillingSettings>().SingleAsync(s => s.ClientId == world.Client);
            (settings.Schedule, settings.AutoIssue) = (CrmSaaS.Plugins.Billing.Domain.BillingSchedule.Weekly, true);
        });
        return world;
    }

    /// <summary>The scheduler of each instance fires the run for the team at the same moment, twice each: one invoice, one number.</summary>
    internal static async Task FireInvoiceRunOnBothAndFindOneInvoiceAsync(AppFactory first, AppFactory second, Time.TimeWorld world)
    {
        Task<IReadOnlyList<CrmSaaS.Plugins.Billing.Domain.RunOutcome>> Run(AppFactory instance) => instance.WithScopeAsync(async sp =>
        {
            using var actor = SystemActor.Begin(typeof(CrmSaaS.Plugins.Billing.Domain.ScheduledInvoiceRun));
            return await sp.GetRequiredService<CrmSaaS.Plugins.Billing.Domain.InvoiceRuns>().RunDueAsync(null, CrmSaaS.Plugins.Billing.Domain.RunTrigger.Schedule, default);
        }, world.Team.Tenant);
        var outcomes = await Task.WhenAll(new[] { first, second, first, second }.Select(instance => Task.Run(() => Run(instance))));

        var invoices = await world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Plugins.Billing.Domain.Invoice>().AsNoTracking().ToListAsync());
        var invoice = Assert.Single(invoices);
        Assert.Equal("2026-00001", invoice.Number);
        Assert.Single(outcomes.SelectMany(o => o));
    }

    [ActsAs("lease probe", "crm.read")]
    private sealed class LeaseProbe;

    [Fact]
    public async Task WorkOnEachTeamOnceWhenAScheduledJobFiresOnBothAtOnce()
    {
        using var first = new AppFactory();
        var teams = new List<TestTeam>();
        for (var i = 0; i < 3; i++)
        {
            teams.Add(await first.CreateTeamAsync("lease" + i + Guid.NewGuid().ToString("N")[..6], ("A", TeamRole.OrganizationManager)));
        }

        using var second = new SecondInstance(first);
        var worked = new System.Collections.Concurrent.ConcurrentBag<(string Instance, Guid Team)>();
        Task<CrmSaaS.Kernel.Jobs.JobRun> Fire(AppFactory instance, string name) => Task.Run(() => instance.Services.GetRequiredService<CrmSaaS.Kernel.Tenancy.TenantJobs>()
            .ForEachActiveTenantAsync<LeaseProbe>(async (sp, tenant, ct) =>
            {
                worked.Add((name, tenant.Id));
                await Task.Delay(100, ct);
            }));

        // Each scheduler fires twice at the same minute: every team is worked on once, by one of them.
        var runs = await Task.WhenAll(Fire(first, "first"), Fire(second, "second"), Fire(first, "first"), Fire(second, "second"));
        Assert.Equal(teams.Select(t => t.Tenant.Id).Order(), worked.Select(w => w.Team).Order());
        Assert.Equal(3, runs.Sum(r => r.Teams));
        Assert.Equal(9, runs.Sum(r => r.SkippedTeams));
        var ids = runs.Select(r => r.Id).ToList();
        Assert.Equal(9, await first.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Kernel.Jobs.JobRun>().Where(r => ids.Contains(r.Id)).SumAsync(r => r.SkippedTeams)));

        // The next firing (a minute on) works on every team again, once.
        worked.Clear();
        first.Clock.Advance(TimeSpan.FromMinutes(2));
        second.Clock.Advance(TimeSpan.FromMinutes(2));
        await Task.WhenAll(Fire(second, "second"), Fire(first, "first"));
        Assert.Equal(teams.Select(t => t.Tenant.Id).Order(), worked.Select(w => w.Team).Order());

        // An instance that died mid-run holds its teams until the lease runs out; then the work is taken up.
        worked.Clear();
        first.Clock.Advance(TimeSpan.FromMinutes(2));
        second.Clock.Advance(TimeSpan.FromMinutes(2));
        var dead = await first.WithScopeAsync(sp => sp.GetRequiredService<CrmSaaS.Kernel.Jobs.JobLeases>().TryTakeAsync("lease probe", teams[0].Tenant.Id, "a crashed instance"));
        Assert.True(dead);
        await Fire(second, "second");
        Assert.Equal(teams.Skip(1).Select(t => t.Tenant.Id).Order(), worked.Select(w => w.Team).Order());
        worked.Clear();
        second.Clock.Advance(CrmSaaS.Kernel.Jobs.JobLeases.Lifetime + TimeSpan.FromSeconds(1));
        await Fire(second, "second");
        Assert.Equal(teams.Select(t => t.Tenant.Id).Order(), worked.Select(w => w.Team).Order());
    }

    private sealed class StoppingLifetime : Microsoft.Extensions.Hosting.IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => _stopping.Token;
        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }

    [Fact]
    public async Task FinishTheTeamInHandAndLeaveTheOthersToTheNextFiringWhenTheAppStops()
    {
        using var app = new AppFactory();
        for (var i = 0; i < 3; i++)
        {
            await app.CreateTeamAsync("stop" + i + Guid.NewGuid().ToString("N")[..6], ("A", TeamRole.OrganizationManager));
        }

        var active = await app.WithScopeAsync(sp => sp.GetRequiredService<CrmSaaS.Kernel.Data.AppDbContext>().Tenants
            .Where(t => t.State == CrmSaaS.Kernel.Tenancy.TenantState.Active).Select(t => t.Id).ToListAsync());
        var lifetime = new StoppingLifetime();
        var stopping = new CrmSaaS.Kernel.Tenancy.TenantJobs(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<TimeProvider>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CrmSaaS.Kernel.Tenancy.TenantJobs>.Instance, lifetime);
        var worked = new List<Guid>();

        // The app begins to stop while the first team is worked on: that team is finished, no other is begun.
        var run = await stopping.ForEachActiveTenantAsync<LeaseProbe>(async (sp, tenant, ct) =>
        {
            worked.Add(tenant.Id);
            lifetime.StopApplication();
            await Task.Delay(50, ct);
        });
        Assert.Single(worked);
        Assert.Equal(1, run.Teams);
        Assert.Equal(active.Count - 1, run.LeftAtShutdown);
        var recorded = await app.WithScopeAsync(sp => sp.GetRequiredService<CrmSaaS.Kernel.Data.AppDbContext>().Set<CrmSaaS.Kernel.Jobs.JobRun>().AsNoTracking().SingleAsync(r => r.Id == run.Id));
        Assert.Equal(active.Count - 1, recorded.LeftAtShutdown);

        // After the restart the next firing does the teams left, and not the finished one again.
        var after = new List<Guid>();
        await app.Services.GetRequiredService<CrmSaaS.Kernel.Tenancy.TenantJobs>().ForEachActiveTenantAsync<LeaseProbe>((sp, tenant, ct) =>
        {
            after.Add(tenant.Id);
            return Task.CompletedTask;
        });
        Assert.Equal(active.Except(worked).Order(), after.Order());
    }
}
