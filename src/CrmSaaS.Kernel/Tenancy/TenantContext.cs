namespace CrmSaaS.Kernel.Tenancy;

/// <summary>Reads the tenant of the current request or background scope.</summary>
public interface ITenantContext
{
    TenantInfo? Tenant { get; }
}

/// <summary>Sets the current tenant; only the resolution middleware and explicit scopes use it.</summary>
public interface ITenantContextSetter
{
    void Set(TenantInfo? tenant);
}

/// <summary>
/// Holds the tenant in an AsyncLocal, so it flows into new DI scopes started from the same
/// async flow (Coravel listeners, queued work) without any of them reading HttpContext.
/// </summary>
public sealed class TenantContext : ITenantContext, ITenantContextSetter
{
    private static readonly AsyncLocal<TenantHolder?> Current = new();

    public static TenantInfo? CurrentTenant => Current.Value?.Tenant;

    public TenantInfo? Tenant => Current.Value?.Tenant;

    public void Set(TenantInfo? tenant) => Current.Value = new TenantHolder(tenant);

    /// <summary>Runs work for one tenant, restoring whatever was current before.</summary>
    public static IDisposable BeginScope(TenantInfo tenant)
    {
        var previous = Current.Value;
        Current.Value = new TenantHolder(tenant);
        return new Restore(previous);
    }

    private sealed record TenantHolder(TenantInfo? Tenant);

    private sealed class Restore(TenantHolder? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
