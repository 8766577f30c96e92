using CrmSaaS.Kernel.Tenancy;

namespace CrmSaaS.Kernel.Audit;

public enum AuditAction
{
    Created = 0,
    Updated = 1,
    Deleted = 2,
}

/// <summary>Who changed what, and when, in one team.</summary>
public class AuditEntry : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public DateTime At { get; set; }
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public AuditAction Action { get; set; }
    /// <summary>JSON object of changed properties: { "Role": ["TeamMember", "SalesManager"] }.</summary>
    public string? Changes { get; set; }
}

/// <summary>On an entity type: never audited. On a property: its values are never written to the log.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property)]
public sealed class AuditIgnoreAttribute : Attribute;
