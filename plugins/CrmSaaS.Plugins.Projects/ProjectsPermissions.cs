using CrmSaaS.Kernel.Security;

namespace CrmSaaS.Plugins.Projects;

/// <summary>
/// What each team role may do with projects. Inside a project the project role narrows it further:
/// handlers check membership and role (see <see cref="ProjectAccess"/>), not only these names.
/// </summary>
public static class ProjectsPermissions
{
    /// <summary>See the projects one is a member of, and work on their boards.</summary>
    public const string Read = "projects.read";
    /// <summary>See every project of the team.</summary>
    public const string ReadAll = "projects.read.all";
    public const string Create = "projects.create";
    /// <summary>Edit any project, its members and its board, as if Project Manager of each.</summary>
    public const string ManageAll = "projects.manage.all";
    public const string Settings = "projects.settings";
    public const string Analytics = "projects.analytics.read";

    private static readonly TeamRole[] Everyone = [TeamRole.OrganizationManager, TeamRole.SalesManager, TeamRole.SalesRepresentative, TeamRole.TeamMember];
    private static readonly TeamRole[] Managers = [TeamRole.OrganizationManager, TeamRole.SalesManager];

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(Read, "Projects", "See and work on the projects one is a member of", Everyone),
        new(ReadAll, "Projects", "See every project of the team", Managers),
        new(Create, "Projects", "Create projects", Managers),
        new(ManageAll, "Projects", "Edit any project, its members and its board", Managers),
        new(Settings, "Projects", "Change the board template and onboarding defaults", [TeamRole.OrganizationManager]),
        new(Analytics, "Projects", "See project analytics across the team", Managers),
    ];
}
