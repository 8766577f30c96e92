namespace CrmSaaS.Kernel.Tenancy;

/// <summary>
/// An entity that belongs to one team. The DbContext filters it by the current tenant,
/// stamps TenantId on add and refuses to save it for any other tenant.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}

public sealed class TenantMismatchException(string message) : InvalidOperationException(message);
