using System.Text.Json;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;

namespace CrmSaaS.Kernel.Audit;

/// <summary>
/// Records in the audit log what a conditional or bulk statement changed (a claim such as "stamp it
/// sent if nobody has"), which the save interceptor cannot see; written with the unit of work's changes.
/// </summary>
public sealed class AuditTrail(AppDbContext db, ICurrentUser user, TimeProvider clock)
{
    public void Record<TEntity>(Guid tenantId, Guid id, AuditAction action, IReadOnlyDictionary<string, (object? Before, object? After)> changes)
        where TEntity : ITenantOwned
    {
        db.Add(new AuditEntry
        {
            TenantId = tenantId,
            At = clock.GetUtcNow().UtcDateTime,
            UserId = user.UserId,
            UserName = user.DisplayName,
            EntityType = typeof(TEntity).Name,
            EntityId = id.ToString(),
            Action = action,
            Changes = changes.Count == 0 ? null : JsonSerializer.Serialize(changes.ToDictionary(c => c.Key, c => new[] { c.Value.Before, c.Value.After })),
        });
    }
}
