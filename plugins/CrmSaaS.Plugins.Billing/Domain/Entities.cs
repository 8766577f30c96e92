using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Tenancy;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>The kinds of numbered documents; each has its own range.</summary>
public enum DocumentKind
{
    Invoice = 0,
    CreditNote = 1,
}

/// <summary>How a team numbers one kind of document: a pattern such as <c>{YYYY}-{SEQ:5}</c>, reset each year or not.</summary>
[AuditIgnore]
public class NumberRange : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public DocumentKind Kind { get; set; }
    public string Pattern { get; set; } = DocumentNumbers.DefaultInvoicePattern;
    public bool ResetYearly { get; set; } = true;
}

/// <summary>
/// The last number taken in a range (per year when it resets yearly). A number is taken by one atomic
/// increment of this row inside the issuing transaction: two issues never share a number, and a
/// rolled-back issue gives its number back with everything else, so no number is skipped or reused.
/// </summary>
[AuditIgnore]
public class NumberSequence : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public DocumentKind Kind { get; set; }
    /// <summary>The year the numbers belong to; 0 for a range that never resets.</summary>
    public int Year { get; set; }
    public long Last { get; set; }
}
