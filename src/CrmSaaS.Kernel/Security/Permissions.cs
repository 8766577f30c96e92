namespace CrmSaaS.Kernel.Security;

/// <summary>A named permission and the roles that hold it by default.</summary>
public sealed record PermissionDefinition(string Name, string Group, string Description, IReadOnlyList<TeamRole> DefaultRoles);

/// <summary>The permissions of the host's own team administration.</summary>
public static class TeamPermissions
{
    public const string MembersRead = "team.members.read";
    public const string MembersManage = "team.members.manage";
    public const string AuditRead = "team.audit.read";
    public const string PermissionsRead = "team.permissions.read";
    public const string Settings = "team.settings";
    public const string Export = "team.export";
    public const string Delete = "team.delete";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(MembersRead, "Team", "See the team's members",
            [TeamRole.OrganizationManager, TeamRole.SalesManager, TeamRole.SalesRepresentative, TeamRole.TeamMember]),
        new(MembersManage, "Team", "Invite people, change roles, remove members", [TeamRole.OrganizationManager]),
        new(AuditRead, "Team", "Read the team's audit log", [TeamRole.OrganizationManager]),
        new(PermissionsRead, "Team", "See the permission matrix", [TeamRole.OrganizationManager]),
        new(Settings, "Team", "Change the team's name, default time zone and base currency", [TeamRole.OrganizationManager]),
        new(Export, "Team", "Export all of the team's data", [TeamRole.OrganizationManager]),
        new(Delete, "Team", "Delete the team with all its data, after a grace period", [TeamRole.OrganizationManager]),
    ];
}

/// <summary>
/// The role → permissions matrix composed from every plugin's definitions.
/// The Organization Manager holds every permission.
/// </summary>
public sealed class PermissionMatrix
{
    private readonly Dictionary<TeamRole, HashSet<string>> _byRole;

    public PermissionMatrix(IEnumerable<PermissionDefinition> definitions)
    {
        Definitions = definitions.OrderBy(d => d.Group, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal).ToList();
        var duplicate = Definitions.GroupBy(d => d.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Permission '{duplicate.Key}' is defined twice.");
        }

        _byRole = TeamRoles.All.ToDictionary(
            r => r,
            r => Definitions.Where(d => r == TeamRole.OrganizationManager || d.DefaultRoles.Contains(r))
                .Select(d => d.Name).ToHashSet(StringComparer.Ordinal));
    }

    public IReadOnlyList<PermissionDefinition> Definitions { get; }

    public bool IsDefined(string permission) => _byRole[TeamRole.OrganizationManager].Contains(permission);

    public bool Grants(TeamRole role, string permission) => _byRole[role].Contains(permission);
}
