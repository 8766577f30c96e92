using CrmSaaS.Plugins.Crm.Domain;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Clients;

/// <summary>What the shared client form partial needs from its page.</summary>
public interface IClientForm
{
    ClientInput Input { get; }
    IReadOnlyList<(Guid Id, string Name)> Members { get; }
    bool CanReassign { get; }
}
