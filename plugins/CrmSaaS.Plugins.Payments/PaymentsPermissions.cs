using CrmSaaS.Kernel.Security;

namespace CrmSaaS.Plugins.Payments;

/// <summary>Who may connect payment providers (Organization Managers).</summary>
public static class PaymentsPermissions
{
    /// <summary>Connect and test the team's Stripe and BTCPay Server accounts.</summary>
    public const string Settings = "payments.settings";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(Settings, "Payments", "Connect the team's payment providers", [TeamRole.OrganizationManager]),
    ];
}
