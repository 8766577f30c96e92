using CrmSaaS.Kernel.Security;

namespace CrmSaaS.Plugins.Payments;

/// <summary>Who may connect payment providers (Organization Managers).</summary>
public static class PaymentsPermissions
{
    /// <summary>Connect and test the team's Stripe and BTCPay Server accounts.</summary>
    public const string Settings = "payments.settings";

    /// <summary>Decide on payments a provider reports as partial, excess or late.</summary>
    public const string Review = "payments.review";

    /// <summary>Refund card payments through Stripe, from the invoice page.</summary>
    public const string Refund = "payments.refund";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(Settings, "Payments", "Connect the team's payment providers", [TeamRole.OrganizationManager]),
        new(Review, "Payments", "Decide on partial, excess and late online payments", [TeamRole.OrganizationManager]),
        new(Refund, "Payments", "Refund card payments and see online payments of an invoice", [TeamRole.OrganizationManager]),
    ];
}
