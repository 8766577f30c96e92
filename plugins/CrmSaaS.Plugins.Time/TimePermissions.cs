using CrmSaaS.Kernel.Security;

namespace CrmSaaS.Plugins.Time;

/// <summary>What each role may do with time. Everyone tracks and sees their own time.</summary>
public static class TimePermissions
{
    public const string Track = "time.track";
    /// <summary>See every member's time and the team-wide reports.</summary>
    public const string ReadAll = "time.read.all";
    /// <summary>Edit and delete other members' unbilled entries.</summary>
    public const string EditAll = "time.edit.all";
    /// <summary>See rates, amounts and costs.</summary>
    public const string Rates = "time.rates.read";
    public const string RatesManage = "time.rates.manage";
    public const string Settings = "time.settings";
    /// <summary>Read unbilled time and mark it billed (what invoicing does).</summary>
    public const string Bill = "time.bill";

    private static readonly TeamRole[] Everyone = [TeamRole.OrganizationManager, TeamRole.SalesManager, TeamRole.SalesRepresentative, TeamRole.TeamMember];
    private static readonly TeamRole[] Managers = [TeamRole.OrganizationManager, TeamRole.SalesManager];

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(Track, "Time", "Track one's own time", Everyone),
        new(ReadAll, "Time", "See every member's time and the team's reports", Managers),
        new(EditAll, "Time", "Edit and delete other members' unbilled time", [TeamRole.OrganizationManager]),
        new(Rates, "Time", "See rates and billable amounts", Managers),
        new(RatesManage, "Time", "Set rates and reprice unbilled time", [TeamRole.OrganizationManager]),
        new(Settings, "Time", "Change the week start and rounding rule", [TeamRole.OrganizationManager]),
        new(Bill, "Time", "Bill tracked time on invoices", Managers),
    ];
}
