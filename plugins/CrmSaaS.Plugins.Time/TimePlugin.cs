using Coravel.Scheduling.Schedule.Interfaces;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Time.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Plugins.Time;

/// <summary>Time tracked on client projects: timer, entries, rates with effective dates, totals kept exact for reports and billing.</summary>
public sealed class TimePlugin : IPlugin
{
    public string Name => "Time";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<RateCards>();
        services.AddScoped<TimeLedger>();
        services.AddScoped<Contracts.ITimeDirectory, Contracts.TimeDirectory>();
        services.AddScoped<TimeTracking>();
        services.AddScoped<TimeReports>();
        services.AddScoped<BudgetWatch>();
        services.AddScoped<TrackableProjects>();
        services.AddScoped<IProjectDependents, ProjectTime>();
        services.AddTransient<StopForgottenTimers>();
    }

    public void MapEndpoints(PluginEndpoints endpoints) => TimeReportCsv.Map(endpoints);

    public void ConfigureSchedule(IScheduler scheduler) =>
        scheduler.Schedule<StopForgottenTimers>().Hourly().PreventOverlapping(nameof(StopForgottenTimers));

    public void ConfigureModel(ModelBuilder modelBuilder) => TimeModel.Configure(modelBuilder);

    public IEnumerable<PermissionDefinition> Permissions => TimePermissions.All;

    public IEnumerable<NavigationEntry> Navigation =>
    [
        new("My time", "/Index", Name, TimePermissions.Track, "stopwatch", 300),
        new("Time reports", "/Reports", Name, TimePermissions.Track, "clock-history", 300, NavigationSection.Analytics),
        new("Time summaries", "/Summaries", Name, TimePermissions.ReadAll, "calendar-week", 305, NavigationSection.Analytics),
        new("Time settings", "/Settings", Name, TimePermissions.Settings, "stopwatch", 300, NavigationSection.Team),
        new("Rates", "/Rates", Name, TimePermissions.Rates, "cash-coin", 310, NavigationSection.Team),
    ];

    public Task SeedDemoAsync(DemoSeedContext context, CancellationToken cancellationToken) => TimeDemoData.SeedAsync(context, cancellationToken);

    public IEnumerable<DetailSection> DetailSections =>
    [
        new("Client", "ClientTimeSection", TimePermissions.ReadAll, 200),
        new("Project", "ProjectTimeSection", TimePermissions.ReadAll, 100),
    ];

    public IEnumerable<TopBarItem> TopBarItems =>
    [
        new("TimerBar", TimePermissions.Track, 100),
    ];
}
