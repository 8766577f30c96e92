using CrmSaaS.Plugins.Crm.Domain;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Contacts;

/// <summary>What the shared contact form partial needs from its page.</summary>
public interface IContactForm
{
    ContactInput Input { get; }
    IReadOnlyList<(Guid Id, string Name)> Members { get; }
    IReadOnlyList<(Guid Id, string Name)> Clients { get; }
    bool CanReassign { get; }
}
