using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;

namespace CrmSaaS.Web.Team;

/// <summary>The host's own team administration, contributed through the same seams as any plugin.</summary>
public sealed class TeamPlugin : IPlugin
{
    public string Name => "Team";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScoped<TeamProvisioning>().AddScoped<InvitationMail>();

    public IEnumerable<PermissionDefinition> Permissions => TeamPermissions.All;

    public IEnumerable<NavigationEntry> Navigation =>
    [
        new("Members", "/Team/Members", null, TeamPermissions.MembersRead, "people", 900, NavigationSection.Team),
        new("Invitations", "/Team/Invitations", null, TeamPermissions.MembersManage, "envelope-plus", 910, NavigationSection.Team),
        new("Permissions", "/Team/Permissions", null, TeamPermissions.PermissionsRead, "shield-lock", 920, NavigationSection.Team),
        new("Audit log", "/Team/Audit", null, TeamPermissions.AuditRead, "journal-text", 930, NavigationSection.Team),
        new("Team settings", "/Team/Settings", null, TeamPermissions.Settings, "gear", 940, NavigationSection.Team),
        new("Export data", "/Team/Export", null, TeamPermissions.Export, "download", 950, NavigationSection.Team),
    ];

    public IEnumerable<DashboardCard> DashboardCards =>
    [
        new("TeamSummaryCard", TeamPermissions.MembersRead, 900),
    ];
}
