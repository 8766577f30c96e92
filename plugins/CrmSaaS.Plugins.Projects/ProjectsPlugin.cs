using Coravel.Events.Interfaces;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using CrmSaaS.Plugins.Crm.Contracts;

namespace CrmSaaS.Plugins.Projects;

/// <summary>Client projects with a board each, their team (members and client contacts) and the portal's first page.</summary>
public sealed class ProjectsPlugin : IPlugin
{
    public string Name => "Projects";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ProjectAccess>();
        services.AddScoped<IProjectAccess>(sp => sp.GetRequiredService<ProjectAccess>());
        services.AddScoped<IProjectDirectory, ProjectDirectory>();
        services.AddScoped<ProjectFactory>();
        services.AddScoped<ProjectFeed>();
        services.AddScoped<BoardMoves>();
        services.AddScoped<BoardReader>();
        services.AddScoped<TaskReader>();
        services.AddScoped<TaskComments>();
        services.AddScoped<ContactInvitations>();
        services.AddScoped<IGuestAccess, ProjectGuestAccess>();
        services.AddSingleton<IPortalAddresses, ProjectPortalAddresses>();
        services.AddScoped<Crm.Contracts.IClientDependents, ClientProjects>();
        services.AddScoped<Crm.Contracts.IContactErasure, Domain.ProjectErasure>();
        services.AddScoped<Crm.Contracts.IOnboardingContributor, Onboarding.ProjectOnboarding>();
        services.AddTransient<Onboarding.OnClientCreatedCreateProject>();
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => ProjectsModel.Configure(modelBuilder);

    public IEnumerable<PermissionDefinition> Permissions => ProjectsPermissions.All;

    public IEnumerable<NavigationEntry> Navigation =>
    [
        new("Projects", "/Projects/Index", Name, ProjectsPermissions.Read, "kanban", 200),
        new("Project analytics", "/Analytics", Name, ProjectsPermissions.Analytics, "graph-up", 210, NavigationSection.Analytics),
        new("Project settings", "/Settings", Name, ProjectsPermissions.Settings, "sliders", 200, NavigationSection.Team),
        new("My projects", "/Portal/Index", Name, PortalPermissions.Access, "kanban", 100, NavigationSection.Portal),
    ];

    public void ConfigureEvents(IEventRegistration events) =>
        events.Register<Crm.Contracts.ClientCreated>().Subscribe<Onboarding.OnClientCreatedCreateProject>();

    public IEnumerable<DashboardCard> DashboardCards =>
    [
        new("MyTasksCard", ProjectsPermissions.Read, 200),
    ];

    public IEnumerable<DetailSection> DetailSections =>
    [
        new("Client", "ClientProjectsSection", ProjectsPermissions.Read, 100),
        new("Contact", "ContactProjectsSection", ProjectsPermissions.Read, 100),
    ];

    public Task SeedDemoAsync(DemoSeedContext context, CancellationToken cancellationToken) =>
        ProjectsDemoData.SeedAsync(context, cancellationToken);
}
