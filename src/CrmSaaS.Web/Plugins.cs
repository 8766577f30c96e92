using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing;
using CrmSaaS.Plugins.Crm;
using CrmSaaS.Plugins.Payments;
using CrmSaaS.Plugins.Portal;
using CrmSaaS.Plugins.Projects;
using CrmSaaS.Plugins.Time;
using CrmSaaS.Web.Team;
using Mediator;

namespace CrmSaaS.Web;

/// <summary>
/// The plugins this host runs, in order. Adding a plugin: reference its project, list its entry
/// class here and its assembly in <see cref="AddMediatorForPlugins"/> (the source generator must
/// see every assembly that holds a message or a handler, or notification handlers are silently lost).
/// </summary>
public static class Plugins
{
    public static IReadOnlyList<IPlugin> All { get; } =
    [
        new CrmPlugin(),
        new ProjectsPlugin(),
        new TimePlugin(),
        new BillingPlugin(),
        new PaymentsPlugin(),
        new PortalPlugin(),
        new TeamPlugin(),
    ];

    public static IServiceCollection AddMediatorForPlugins(this IServiceCollection services) =>
        services.AddMediator((MediatorOptions o) =>
        {
            o.ServiceLifetime = ServiceLifetime.Scoped;
            o.Assemblies = [typeof(AppDbContext), typeof(CrmPlugin), typeof(ProjectsPlugin), typeof(TimePlugin), typeof(BillingPlugin), typeof(PaymentsPlugin), typeof(PortalPlugin), typeof(Program)];
            o.PipelineBehaviors = [typeof(PermissionBehavior<,>), typeof(UnitOfWorkBehavior<,>)];
        });
}
