using CrmSaaS.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Kernel.Tenancy;

public interface ITenantStore
{
    Task<TenantInfo?> FindAsync(string identifier, CancellationToken cancellationToken = default);

    /// <summary>Drops a cached team after it changed (suspended, resumed, renamed).</summary>
    void Invalidate(string identifier);
}

/// <summary>
/// Tenants table behind a short in-memory cache; only found teams are cached. A change drops the
/// team from this instance's cache at once and from every other instance's by a cluster notification.
/// </summary>
public sealed class CachedTenantStore : ITenantStore
{
    public const string Channel = "crmsaas_tenants";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly IServiceScopeFactory scopes;
    private readonly IMemoryCache cache;
    private readonly Cluster.IClusterNotifications notifications;

    public CachedTenantStore(IServiceScopeFactory scopes, IMemoryCache cache, Cluster.IClusterNotifications notifications)
    {
        this.scopes = scopes;
        this.cache = cache;
        this.notifications = notifications;
        notifications.Listen(Channel, identifier => cache.Remove(CacheKey(identifier)));
    }

    public async Task<TenantInfo?> FindAsync(string identifier, CancellationToken cancellationToken = default)
    {
        var key = CacheKey(identifier);
        if (cache.TryGetValue(key, out TenantInfo? cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.AsNoTracking()
            .Where(t => t.Identifier == identifier)
            .Select(t => new TenantInfo(t.Id, t.Identifier, t.Name, t.State, t.Currency))
            .SingleOrDefaultAsync(cancellationToken);
        if (tenant is not null)
        {
            cache.Set(key, tenant, Lifetime);
        }

        return tenant;
    }

    public void Invalidate(string identifier)
    {
        cache.Remove(CacheKey(identifier));
        notifications.Notify(Channel, identifier);
    }

    private static string CacheKey(string identifier) => "tenant:" + identifier;
}
