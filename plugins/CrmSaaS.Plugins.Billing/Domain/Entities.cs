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

public enum InvoiceStatus
{
    Draft = 0,
    Issued = 1,
    Sent = 2,
    PartiallyPaid = 3,
    Paid = 4,
    Cancelled = 5,
}

public enum LineKind
{
    Time = 0,
    Fee = 1,
    Expense = 2,
    Discount = 3,
}

/// <summary>
/// An invoice or credit note. A draft has no number and bills nothing; issuing takes the number,
/// marks its time billed and freezes lines and totals, after which it never changes.
/// </summary>
public class Invoice : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public DocumentKind Kind { get; set; }
    public Guid ClientId { get; set; }
    /// <summary>Taken when issued; null on a draft.</summary>
    public string? Number { get; set; }
    public InvoiceStatus Status { get; set; }
    /// <summary>ISO 4217, the client's.</summary>
    public string Currency { get; set; } = "EUR";
    /// <summary>"en" or "de", the client's document language.</summary>
    public string Language { get; set; } = "en";
    public DateOnly? PeriodFrom { get; set; }
    public DateOnly PeriodTo { get; set; }
    public DateOnly? IssueDate { get; set; }
    public DateOnly? DueDate { get; set; }
    public int PaymentTermDays { get; set; } = 14;
    public long NetMinor { get; set; }
    public long VatMinor { get; set; }
    public long GrossMinor { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid? IssuedBy { get; set; }
    public DateTime? IssuedAt { get; set; }
    public List<InvoiceLine> Lines { get; set; } = [];
}

/// <summary>One line: time grouped as the client's settings say, or a fee, expense or discount typed in.</summary>
public class InvoiceLine : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }
    public int Position { get; set; }
    public LineKind Kind { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Hours for time, else pieces.</summary>
    public decimal Quantity { get; set; }
    /// <summary>Four decimals.</summary>
    public decimal UnitPrice { get; set; }
    /// <summary>In the invoice currency's minor units; for time the exact sum of its entries' amounts.</summary>
    public long NetMinor { get; set; }
    /// <summary>EN 16931 VAT category code: S, Z, E, AE (reverse charge), O (not subject), K (intra-community).</summary>
    public string VatCategory { get; set; } = "S";
    public decimal VatRate { get; set; }
    public Guid? ProjectId { get; set; }
    public List<InvoiceLineEntry> Entries { get; set; } = [];
}

/// <summary>
/// One time entry a line bills, with what it contributed. A time entry is on at most one invoice line
/// (a unique index, not only code): a draft reserves it, a credit note that releases it removes the row.
/// </summary>
[AuditIgnore]
public class InvoiceLineEntry : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }
    public Guid InvoiceLineId { get; set; }
    public Guid TimeEntryId { get; set; }
    public DateOnly Date { get; set; }
    public Guid UserId { get; set; }
    public int BillableSeconds { get; set; }
    public decimal? Rate { get; set; }
    public long AmountMinor { get; set; }
}

public enum VatRule
{
    /// <summary>The team's standard category and rate.</summary>
    Standard = 0,
    /// <summary>EU business to business across borders: the buyer accounts for VAT; needs the client's VAT ID.</summary>
    ReverseCharge = 1,
    Exempt = 2,
    NotSubject = 3,
}

public enum BillingSchedule
{
    Manual = 0,
    Weekly = 1,
    EveryTwoWeeks = 2,
    Monthly = 3,
}

/// <summary>
/// How one client is invoiced. Every client has one: a listener creates it with each new client
/// (form, import, demo), existing clients got defaults when Billing arrived. Its key is the client's id.
/// </summary>
[AuditIgnore]
public class ClientBillingSettings : ITenantOwned
{
    public Guid ClientId { get; set; }
    public Guid TenantId { get; set; }
    public int PaymentTermDays { get; set; } = 14;
    public VatRule VatRule { get; set; }
    /// <summary>The buyer's reference (an XRechnung Leitweg-ID for German public buyers).</summary>
    public string? BuyerReference { get; set; }
    public BillingSchedule Schedule { get; set; }
    public LineGrouping Grouping { get; set; }
    public bool AutoIssue { get; set; }
    public bool AutoSend { get; set; }
    public bool AcceptBankTransfer { get; set; } = true;
    public bool AcceptCard { get; set; }
    public bool AcceptCrypto { get; set; }
}
