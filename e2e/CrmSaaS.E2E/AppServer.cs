using System.Net;
using System.Net.Sockets;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CrmSaaS.E2E;

/// <summary>
/// The real app on a real loopback port with its own SQLite file, and Debian's Chromium driven by
/// Playwright. Chromium resolves *.localhost to loopback itself, so team subdomains just work.
/// </summary>
public class AppServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crmsaas-e2e", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public int Port { get; private set; }

    public IBrowser Browser { get; private set; } = null!;

    public string Root => $"http://localhost:{Port}";

    public string Team(string identifier) => $"http://{identifier}.localhost:{Port}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Data:Directory", _directory);
        builder.UseSetting("Tenancy:PublicUrl", $"http://localhost:{Port}");
        builder.UseSetting("Outbox:Enabled", "false");
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseSetting("Exports:Enabled", "true");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("RateLimits:SignInPerMinute", "1000");
    }

    public async Task InitializeAsync()
    {
        // The port is chosen before the app starts, so links it builds (Tenancy:PublicUrl) carry it.
        Port = FreePort();
        UseKestrel(Port);
        StartServer();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>The local date (the member's day) of the team's latest time entry, as the app stored it.</summary>
    public async Task<DateOnly> LatestEntryDayAsync(string identifier)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Identifier == identifier);
        using var _ = CrmSaaS.Kernel.Tenancy.TenantContext.BeginScope(tenant.ToInfo());
        return await db.Set<CrmSaaS.Plugins.Time.Domain.TimeEntry>().OrderByDescending(e => e.CreatedAt).Select(e => e.LocalDate).FirstAsync();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs up a team through the root site's form and returns the owner's page, signed in on the subdomain.</summary>
    public async Task<IPage> SignUpAsync(string identifier, string teamName, string owner, string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Root + "/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up your team" }).First.ClickAsync();
        await page.GetByLabel("Team name").FillAsync(teamName);
        await page.GetByLabel("Subdomain").PressSequentiallyAsync(identifier);
        await Assertions.Expect(page.Locator("#identifier-check")).ToContainTextAsync("is available");
        await page.GetByLabel("Your name").FillAsync(owner);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("Owner-pass-1");
        await ShotAsync(page, "signup-filled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        await page.WaitForURLAsync(Team(identifier) + "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Hello, {owner}" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Adds a member to a team directly, for flows that need a colleague but are not about inviting one.</summary>
    public async Task AddMemberAsync(string identifier, string name, CrmSaaS.Kernel.Security.TeamRole role)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.SingleAsync(t => t.Identifier == identifier);
        using var _ = CrmSaaS.Kernel.Tenancy.TenantContext.BeginScope(tenant.ToInfo());
        var provisioning = scope.ServiceProvider.GetRequiredService<CrmSaaS.Web.Team.TeamProvisioning>();
        var user = await provisioning.CreateUserAsync(name, $"{Guid.NewGuid():N}@{identifier}.test", "Member-pass-1", "en", "");
        provisioning.AddMembership(user.Id, role);
        await db.SaveChangesAsync();
    }

    /// <summary>The newest email to an address, read from the outbox where the app wrote it.</summary>
    public async Task<OutboxMessage> LastMailToAsync(string to)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Outbox.AsNoTracking().Where(m => m.To == to).OrderByDescending(m => m.CreatedAt).FirstAsync();
    }

    /// <summary>Saves a screenshot when E2E_SCREENSHOTS names a folder, to look at the pages as a person would.</summary>
    public static async Task ShotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("E2E_SCREENSHOTS");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    public new async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
