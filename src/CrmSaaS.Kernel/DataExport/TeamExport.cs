using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Tenancy;

namespace CrmSaaS.Kernel.DataExport;

public enum ExportStatus
{
    Queued = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}

/// <summary>
/// A zip of everything a team keeps, asked for by an Organization Manager and prepared in the
/// background. The file lives in the database in chunks (<see cref="TeamExportChunk"/>), so any
/// instance can serve it; it is deleted after <see cref="TeamExports.KeptFor"/>.
/// </summary>
[AuditIgnore]
[ExportIgnore]
public class TeamExport : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid RequestedById { get; set; }
    public string RequestedBy { get; set; } = "";
    public DateTime RequestedAt { get; set; }
    public ExportStatus Status { get; set; }
    /// <summary>While running: the instance's claim; a claim that outlives a crash is taken over and the export starts again.</summary>
    public Guid? ClaimToken { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public int TablesDone { get; set; }
    public int TablesTotal { get; set; }
    public long Rows { get; set; }
    public long Size { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? Error { get; set; }
}

/// <summary>A piece of an export's zip, in order.</summary>
[AuditIgnore]
[ExportIgnore]
public class TeamExportChunk : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ExportId { get; set; }
    public int Index { get; set; }
    public byte[] Data { get; set; } = [];
}

/// <summary>
/// On an entity type: not part of a team's data export (the export's own files, secrets). On a
/// property: its values are left out (password and token hashes, keys).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property)]
public sealed class ExportIgnoreAttribute : Attribute;
