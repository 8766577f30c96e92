using CrmSaaS.Kernel.Security;

namespace CrmSaaS.Plugins.Billing;

/// <summary>What each role may do with invoices: Organization Managers everything, Sales Managers read and draft.</summary>
public static class BillingPermissions
{
    public const string Read = "billing.read";
    public const string Draft = "billing.draft";
    /// <summary>Issue (take a number, bill the time) and send invoices.</summary>
    public const string Issue = "billing.issue";
    /// <summary>Correct issued invoices by credit notes.</summary>
    public const string Cancel = "billing.cancel";
    public const string Settings = "billing.settings";
    /// <summary>Record what payment providers report (the payment plugin's webhooks act with it; no role has it).</summary>
    public const string RecordOnline = Contracts.OnlinePaymentPermissions.Record;

    private static readonly TeamRole[] Managers = [TeamRole.OrganizationManager, TeamRole.SalesManager];

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(Read, "Billing", "See invoices, credit notes and payments", Managers),
        new(Draft, "Billing", "Draft invoices from tracked time", Managers),
        new(Issue, "Billing", "Issue and send invoices", [TeamRole.OrganizationManager]),
        new(Cancel, "Billing", "Correct issued invoices with credit notes", [TeamRole.OrganizationManager]),
        new(Settings, "Billing", "Change the billing profile, number ranges and templates", [TeamRole.OrganizationManager]),
        new(RecordOnline, "Billing", "Record payments reported by payment providers (their webhooks)", []),
    ];
}
