namespace CrmSaaS.Kernel.Tenancy;

public enum TenantState
{
    Active = 0,
    Suspended = 1,
}

/// <summary>The resolved team a request or a background job works for.</summary>
public sealed record TenantInfo(Guid Id, string Identifier, string Name, TenantState State, string Currency);
