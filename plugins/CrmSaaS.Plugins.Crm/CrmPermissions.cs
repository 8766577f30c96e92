using CrmSaaS.Kernel.Security;

namespace CrmSaaS.Plugins.Crm;

/// <summary>
/// What each role may do in the CRM. "Own" rights cover records the member owns, manages or is
/// assigned to; handlers check that, not only the pages.
/// </summary>
public static class CrmPermissions
{
    public const string Read = "crm.read";
    public const string ClientsCreate = "crm.clients.create";
    public const string ClientsEditOwn = "crm.clients.edit.own";
    public const string ClientsEditAny = "crm.clients.edit.any";
    public const string ContactsCreate = "crm.contacts.create";
    public const string ContactsEditOwn = "crm.contacts.edit.own";
    public const string ContactsEditAny = "crm.contacts.edit.any";
    public const string Reassign = "crm.reassign";
    public const string ActivitiesLog = "crm.activities.log";
    public const string Import = "crm.import";
    public const string Export = "crm.export";
    public const string Analytics = "crm.analytics.read";
    public const string ContactsErase = "crm.contacts.erase";

    private static readonly TeamRole[] Everyone = [TeamRole.OrganizationManager, TeamRole.SalesManager, TeamRole.SalesRepresentative, TeamRole.TeamMember];
    private static readonly TeamRole[] Sales = [TeamRole.OrganizationManager, TeamRole.SalesManager, TeamRole.SalesRepresentative];
    private static readonly TeamRole[] Managers = [TeamRole.OrganizationManager, TeamRole.SalesManager];

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(Read, "CRM", "See clients, contacts and activities", Everyone),
        new(ClientsCreate, "CRM", "Create clients", Sales),
        new(ClientsEditOwn, "CRM", "Edit and delete clients one manages", Sales),
        new(ClientsEditAny, "CRM", "Edit and delete any client", Managers),
        new(ContactsCreate, "CRM", "Create contacts", Sales),
        new(ContactsEditOwn, "CRM", "Edit and delete contacts one owns or is assigned to", Sales),
        new(ContactsEditAny, "CRM", "Edit and delete any contact", Managers),
        new(Reassign, "CRM", "Reassign owners and managers", Managers),
        new(ActivitiesLog, "CRM", "Log calls, emails, meetings, notes and follow-ups", Sales),
        new(Import, "CRM", "Import clients and contacts from CSV", Sales),
        new(Export, "CRM", "Export clients and contacts as CSV", Managers),
        new(Analytics, "CRM", "See the team's CRM analytics", Managers),
        new(ContactsErase, "CRM", "Erase a contact's personal data everywhere (right to erasure)", [TeamRole.OrganizationManager]),
    ];
}
