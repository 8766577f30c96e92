using Coravel.Events.Interfaces;
using Coravel.Scheduling.Schedule.Interfaces;
using CrmSaaS.Kernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Kernel.Plugins;

/// <summary>
/// The one entry class of a plugin: everything it brings to the host. The host lists plugins
/// explicitly (Plugins.cs) and never reaches inside one.
/// </summary>
public interface IPlugin
{
    /// <summary>Short name; also the Razor area of the plugin's pages.</summary>
    string Name { get; }

    void ConfigureServices(IServiceCollection services, IConfiguration configuration) { }

    /// <summary>Adds the plugin's entities to the composed AppDbContext model.</summary>
    void ConfigureModel(ModelBuilder modelBuilder) { }

    IEnumerable<PermissionDefinition> Permissions => [];

    IEnumerable<NavigationEntry> Navigation => [];

    /// <summary>Cards on the team's home dashboard.</summary>
    IEnumerable<DashboardCard> DashboardCards => [];

    /// <summary>Items in the top bar of every team page (a timer, say), for members holding the permission.</summary>
    IEnumerable<TopBarItem> TopBarItems => [];

    /// <summary>Sections this plugin adds to other plugins' detail pages.</summary>
    IEnumerable<DetailSection> DetailSections => [];

    /// <summary>Registers Coravel event listeners (listener classes are also registered as services).</summary>
    void ConfigureEvents(IEventRegistration events) { }

    /// <summary>
    /// Maps the plugin's minimal-API endpoints (downloads, event streams, webhooks) on team sites.
    /// Pages need nothing here; they are found in the plugin's area.
    /// </summary>
    void MapEndpoints(PluginEndpoints endpoints) { }

    /// <summary>Registers Coravel schedules. Scheduled work runs inside an explicit tenant scope.</summary>
    void ConfigureSchedule(IScheduler scheduler) { }

    /// <summary>
    /// Adds the plugin's demo data to the demo team; runs inside that team's tenant scope and a unit
    /// of work of its own, as the system actor "demo seeding".
    /// </summary>
    Task SeedDemoAsync(DemoSeedContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Where the layout shows a navigation entry.</summary>
public enum NavigationSection
{
    /// <summary>The top bar: the product's areas (clients, projects, time …).</summary>
    Main = 0,

    /// <summary>The team menu: running the team (members, permissions, settings).</summary>
    Team = 1,

    /// <summary>The client portal's top bar, shown to client contacts instead of the main one.</summary>
    Portal = 2,

    /// <summary>The analytics menu of the top bar: reports and charts across the team.</summary>
    Analytics = 3,
}

/// <param name="Title">English text; the layout localizes it.</param>
/// <param name="Page">Razor page path, e.g. "/Contacts/Index".</param>
/// <param name="Area">Razor area of the page, usually the plugin's name; null for host pages.</param>
/// <param name="Permission">Shown only to users holding it.</param>
/// <param name="Icon">A bootstrap-icons name, e.g. "people".</param>
/// <param name="Section">The top bar or the team menu.</param>
public sealed record NavigationEntry(string Title, string Page, string? Area, string Permission, string Icon, int Order, NavigationSection Section = NavigationSection.Main);

/// <param name="ViewComponent">Name of the view component that renders the item.</param>
public sealed record TopBarItem(string ViewComponent, string Permission, int Order);

/// <param name="ViewComponent">Name of the view component that renders the card.</param>
public sealed record DashboardCard(string ViewComponent, string Permission, int Order);

/// <param name="EntityType">What page it extends, e.g. "Client".</param>
/// <param name="ViewComponent">Invoked with an argument object carrying <c>entityId</c>.</param>
public sealed record DetailSection(string EntityType, string ViewComponent, string Permission, int Order);

/// <summary>What a plugin's demo seeding can build on: the demo team and its members by role.</summary>
public sealed class DemoSeedContext(IServiceProvider services, Guid tenantId, IReadOnlyDictionary<TeamRole, Guid> membersByRole, IReadOnlyList<DemoSignIn> signIns)
{
    public IServiceProvider Services { get; } = services;
    public Guid TenantId { get; } = tenantId;
    public IReadOnlyDictionary<TeamRole, Guid> MembersByRole { get; } = membersByRole;
    private readonly List<DemoSignIn> _signIns = [.. signIns];
    public IReadOnlyList<DemoSignIn> SignIns => _signIns;

    /// <summary>A plugin that creates another sign-in (say, a client contact) lists it for the console.</summary>
    public void AddSignIn(DemoSignIn signIn) => _signIns.Add(signIn);
}

public sealed record DemoSignIn(string Who, string Email, string Password, string Url);
