namespace CrmSaaS.Kernel.Security;

/// <summary>A member's role in one team. Client contacts hold project access instead (no team role).</summary>
public enum TeamRole
{
    OrganizationManager = 0,
    SalesManager = 1,
    SalesRepresentative = 2,
    TeamMember = 3,
}

public static class TeamRoles
{
    public static readonly IReadOnlyList<TeamRole> All =
        [TeamRole.OrganizationManager, TeamRole.SalesManager, TeamRole.SalesRepresentative, TeamRole.TeamMember];

    /// <summary>The English display name; views localize it.</summary>
    public static string DisplayName(this TeamRole role) => role switch
    {
        TeamRole.OrganizationManager => "Organization Manager",
        TeamRole.SalesManager => "Sales Manager",
        TeamRole.SalesRepresentative => "Sales Representative",
        _ => "Team Member",
    };
}
