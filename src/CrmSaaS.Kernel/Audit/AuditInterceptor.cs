using System.Reflection;
using System.Text.Json;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmSaaS.Kernel.Audit;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every tenant-owned entity added, changed or deleted,
/// in the same SaveChanges as the change itself.
/// </summary>
public sealed class AuditInterceptor(ICurrentUser user, TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddEntries(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AddEntries(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void AddEntries(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var entries = context.ChangeTracker.Entries<ITenantOwned>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => e.Entity is not AuditEntry && e.Metadata.ClrType.GetCustomAttribute<AuditIgnoreAttribute>() is null)
            .Select(e => Describe(e, now))
            .OfType<AuditEntry>()
            .ToList();
        context.AddRange(entries);
    }

    private AuditEntry? Describe(EntityEntry<ITenantOwned> entry, DateTime now)
    {
        var action = entry.State switch
        {
            EntityState.Added => AuditAction.Created,
            EntityState.Deleted => AuditAction.Deleted,
            _ => AuditAction.Updated,
        };
        var changes = new Dictionary<string, object?[]>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (name == nameof(ITenantOwned.TenantId) || property.Metadata.IsPrimaryKey() || property.Metadata.IsShadowProperty())
            {
                continue;
            }

            var hidden = property.Metadata.PropertyInfo?.GetCustomAttribute<AuditIgnoreAttribute>() is not null;
            switch (action)
            {
                case AuditAction.Created:
                    changes[name] = [null, hidden ? "***" : property.CurrentValue];
                    break;
                case AuditAction.Updated when property.IsModified && !Equals(property.OriginalValue, property.CurrentValue):
                    changes[name] = hidden ? ["***", "***"] : [property.OriginalValue, property.CurrentValue];
                    break;
            }
        }

        if (action == AuditAction.Updated && changes.Count == 0)
        {
            return null;
        }

        var key = entry.Metadata.FindPrimaryKey()?.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString());
        return new AuditEntry
        {
            TenantId = entry.Entity.TenantId,
            At = now,
            UserId = user.UserId,
            UserName = user.DisplayName,
            EntityType = entry.Metadata.ClrType.Name,
            EntityId = key is null ? "" : string.Join(",", key),
            Action = action,
            Changes = changes.Count == 0 ? null : JsonSerializer.Serialize(changes),
        };
    }
}
