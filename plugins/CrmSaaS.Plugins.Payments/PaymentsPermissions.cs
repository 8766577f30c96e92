using CrmSaaS.Kernel.Security;

namespace CrmSaaS.Plugins.Payments;

/// <summary>Who may connect payment providers (Organization Managers).</summary>
public static class PaymentsPermissions
{
    /// <summary>Connect and test the team's Stripe and BTCPay Server accounts.</summary>
    public const string Settings = "payments.settings";

    /// <summary>Decide on payments a provider reports as partial, excess or late.</summary>
    public const string Review = "payments.review";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(Settings, "Payments", "Connect the team's payment providers", [TeamRole.OrganizationManager]),
        new(Review, "Payments", "Decide on partial, excess and late online payments", [TeamRole.OrganizationManager]),
    ];
}
