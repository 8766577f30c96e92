using Coravel.Events.Interfaces;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Plugins.Crm;

/// <summary>The team's shared database of clients, contacts and activities.</summary>
public sealed class CrmPlugin : IPlugin
{
    public string Name => "Crm";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CrmAccess>();
        services.AddScoped<Assignments>();
        services.AddScoped<ContactSearchIndex>();
        services.AddScoped<ContactWriter>();
        services.AddScoped<ClientAnnouncer>();
        services.AddScoped<Contracts.ICrmDirectory, Contracts.CrmDirectory>();
        services.AddScoped<Import.CsvImporter>();
        services.AddTransient<Import.RollBackAbandonedImports>();
        services.AddScoped<Contracts.IOnboardingContributor, Onboarding.KickoffOnboarding>();
        services.AddTransient<Onboarding.OnClientCreatedAddKickoff>();
    }

    public void ConfigureSchedule(Coravel.Scheduling.Schedule.Interfaces.IScheduler scheduler) =>
        scheduler.Schedule<Import.RollBackAbandonedImports>().EveryFiveMinutes().PreventOverlapping(nameof(Import.RollBackAbandonedImports));

    public void ConfigureModel(ModelBuilder modelBuilder) => CrmModel.Configure(modelBuilder);

    public IEnumerable<PermissionDefinition> Permissions => CrmPermissions.All;

    public IEnumerable<NavigationEntry> Navigation =>
    [
        new("Clients", "/Clients/Index", Name, CrmPermissions.Read, "building", 100),
        new("Contacts", "/Contacts/Index", Name, CrmPermissions.Read, "person-lines-fill", 110),
        new("Import", "/Import/Index", Name, CrmPermissions.Import, "upload", 120),
        new("CRM analytics", "/Analytics", Name, CrmPermissions.Analytics, "bar-chart", 130, NavigationSection.Analytics),
    ];

    public void MapEndpoints(PluginEndpoints endpoints) => Export.CrmExport.Map(endpoints);

    public void ConfigureEvents(IEventRegistration events) =>
        events.Register<Contracts.ClientCreated>().Subscribe<Onboarding.OnClientCreatedAddKickoff>();

    public IEnumerable<DashboardCard> DashboardCards =>
    [
        new("FollowUpsCard", CrmPermissions.Read, 100),
    ];

    public Task SeedDemoAsync(DemoSeedContext context, CancellationToken cancellationToken) =>
        CrmDemoData.SeedAsync(context, cancellationToken);
}
