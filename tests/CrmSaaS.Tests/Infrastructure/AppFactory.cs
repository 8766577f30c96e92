using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Payments.TestMode;
using CrmSaaS.Web.Team;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmSaaS.Tests.Infrastructure;

/// <summary>
/// The real app over HTTP, on its own SQLite file in a fresh directory (or its own PostgreSQL
/// database, see <see cref="TestDatabase"/>), with the mail outbox
/// kept (not sent) so tests can read it, and a clock the test can move.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string Password = "Passw0rd-test";
    public const string SuperadminEmail = "root@crmsaas.test";

    private readonly string _directory;
    private readonly bool _keepData;

    public AppFactory()
        : this(Path.Combine(Path.GetTempPath(), "crmsaas-tests", Guid.NewGuid().ToString("N")), keepData: false)
    {
    }

    /// <summary>An app on a given data directory; with <paramref name="keepData"/> it survives this app, so another can start on it (a restart).</summary>
    protected AppFactory(string directory, bool keepData)
    {
        _directory = directory;
        _keepData = keepData;
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The Stripe API as the app sees it in tests.</summary>
    public FakeStripeServer Stripe => _stripe ??= new(key => key.StartsWith("rk_test_good", StringComparison.Ordinal) || key.StartsWith("sk_test_good", StringComparison.Ordinal), Clock);

    private FakeStripeServer? _stripe;

    /// <summary>BTCPay Server as the app sees it in tests.</summary>
    public FakeBtcPayServer BtcPay { get; } = new(key => key.StartsWith("btcpay-good", StringComparison.Ordinal));

    /// <summary>Sign-in POSTs allowed per minute and client; high unless a test is about the limit.</summary>
    protected virtual int SignInPerMinute => 10_000;

    public string DataDirectory => _directory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Data:Directory", _directory);
        TestDatabase.Configure(builder, _directory);
        builder.UseSetting("Tenancy:PublicUrl", "http://localhost");
        builder.UseSetting("Outbox:Enabled", "false");
        builder.UseSetting("Events:Enabled", "false");
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("RateLimits:SignInPerMinute", SignInPerMinute.ToString());
        builder.UseSetting("Superadmin:Email", SuperadminEmail);
        builder.UseSetting("Superadmin:Password", Password);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // Stripe is the edge of the world: its API answers from a fake in this process.
            services.AddHttpClient(CrmSaaS.Plugins.Payments.Domain.StripeConnection.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Stripe);
            services.AddHttpClient(CrmSaaS.Plugins.Payments.Domain.BtcPayClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => BtcPay);
        });
    }

    public virtual Browser Browser(string host) => new(CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri($"http://{host}"),
        AllowAutoRedirect = false,
    }));

    public Browser Root() => Browser("localhost");

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work, TenantInfo? tenant = null)
    {
        await using var scope = Services.CreateAsyncScope();
        using var _ = tenant is null ? null : TenantContext.BeginScope(tenant);
        return await work(scope.ServiceProvider);
    }

    public Task WithScopeAsync(Func<IServiceProvider, Task> work, TenantInfo? tenant = null) =>
        WithScopeAsync(async sp =>
        {
            await work(sp);
            return true;
        }, tenant);

    /// <summary>A team with the given members, made directly in the database (every member's password is <see cref="Password"/>).</summary>
    public async Task<TestTeam> CreateTeamAsync(string identifier, params (string Name, TeamRole Role)[] members)
    {
        var tenant = await WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var t = TeamProvisioning.NewTenant(identifier[0..1].ToUpperInvariant() + identifier[1..] + " Team", identifier, Clock.GetUtcNow().UtcDateTime);
            db.Tenants.Add(t);
            await db.SaveChangesAsync();
            return t.ToInfo();
        });

        var people = new List<TestMember>();
        foreach (var (name, role) in members)
        {
            var email = $"{name.ToLowerInvariant().Replace(' ', '.')}@{identifier}.test";
            var member = await WithScopeAsync(async sp =>
            {
                var provisioning = sp.GetRequiredService<TeamProvisioning>();
                var user = await provisioning.CreateUserAsync(name, email, Password, "en", "");
                var membership = provisioning.AddMembership(user.Id, role);
                await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
                return new TestMember(user.Id, membership.Id, name, email, role);
            }, tenant);
            people.Add(member);
        }

        return new TestTeam(tenant, people);
    }

    /// <summary>Signs a member in on their team's subdomain and returns the browser holding the cookie.</summary>
    public async Task<Browser> SignInAsync(TestTeam team, TestMember member)
    {
        var browser = Browser(team.Host);
        var response = await browser.PostFormAsync("/account/signin", new() { ["Input.Email"] = member.Email, ["Input.Password"] = Password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>The auth cookie a member gets when signing in on their team's subdomain, as "name=value".</summary>
    public async Task<string> AuthCookieAsync(TestTeam team, TestMember member)
    {
        var response = await Browser(team.Host).PostFormAsync("/account/signin", new() { ["Input.Email"] = member.Email, ["Input.Password"] = Password });
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("crmsaas.auth=", StringComparison.Ordinal));
        return setCookie[..setCookie.IndexOf(';')];
    }

    public async Task<List<CrmSaaS.Kernel.Email.OutboxMessage>> OutboxAsync(string to) =>
        await WithScopeAsync(async sp => await sp.GetRequiredService<AppDbContext>().Outbox.AsNoTracking()
            .Where(m => m.To == to).OrderBy(m => m.CreatedAt).ToListAsync());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (_keepData)
            {
                return;
            }

            TestDatabase.Drop(_directory);

            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS temp cleaner.
            }
        }
    }
}

public sealed record TestMember(Guid UserId, Guid MembershipId, string Name, string Email, TeamRole Role);

public sealed record TestTeam(TenantInfo Tenant, IReadOnlyList<TestMember> Members)
{
    public string Host => $"{Tenant.Identifier}.localhost";

    public TestMember this[TeamRole role] => Members.First(m => m.Role == role);
}
