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
    /// <summary>The buyer as it stood when drafted (refreshed until issued, then frozen with the rest).</summary>
    public string BuyerName { get; set; } = "";
    public string? BuyerAddress { get; set; }
    public string? BuyerCountry { get; set; }
    public string? BuyerVatId { get; set; }
    public string? BuyerReference { get; set; }
    /// <summary>Why no VAT is charged (small business, reverse charge, exempt, not subject); printed and in the e-invoice.</summary>
    public string? VatNote { get; set; }
    /// <summary>The VAT category and rate new lines of this invoice get (from the client's VAT rule when drafted).</summary>
    public string VatCategory { get; set; } = "S";
    public decimal VatRate { get; set; }
    public long NetMinor { get; set; }
    public long VatMinor { get; set; }
    public long GrossMinor { get; set; }
    /// <summary>The member who drafted it; null when a scheduled run did (the audit log names the run).</summary>
    public Guid? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid? IssuedBy { get; set; }
    public DateTime? IssuedAt { get; set; }
    /// <summary>The scheduled run that drafted it; unique, so a run makes one invoice at most.</summary>
    public Guid? RunId { get; set; }
    /// <summary>When it was emailed to the client's billing contacts (once; a resend is an explicit act).</summary>
    public DateTime? SentAt { get; set; }
    /// <summary>Time priced in another currency was converted with this rate (units of the invoice currency per unit of <see cref="FxFrom"/>), locked when drafted.</summary>
    public string? FxFrom { get; set; }
    public decimal? FxRate { get; set; }
    public DateOnly? FxDate { get; set; }
    public string? FxSource { get; set; }
    /// <summary>For an invoice in another currency than the team's EUR: the VAT in EUR, with the rate locked when issued.</summary>
    public long? TaxCurrencyVatMinor { get; set; }
    public string? TaxCurrency { get; set; }
    public decimal? TaxFxRate { get; set; }
    public DateOnly? TaxFxDate { get; set; }
    /// <summary>The net in the team's currency at the rate locked when issued (1 for the same currency; a credit note takes its invoice's): what revenue reports add up.</summary>
    public string? BaseCurrency { get; set; }
    public decimal? BaseFxRate { get; set; }
    public long? BaseNetMinor { get; set; }
    /// <summary>For a credit note: the invoice it corrects.</summary>
    public Guid? CorrectsInvoiceId { get; set; }
    /// <summary>For a credit note that cancels an invoice: whether the invoice's time was released for billing again (an explicit choice).</summary>
    public bool ReleasedTime { get; set; }
    /// <summary>For an invoice: the gross of the credit notes issued against it, kept with them.</summary>
    public long CreditedMinor { get; set; }
    /// <summary>For an invoice: the payments recorded against it, kept with them.</summary>
    public long PaidMinor { get; set; }
    /// <summary>When a payment provider reported a dispute (chargeback) of one of its payments, and what it said.</summary>
    public DateTime? DisputedAt { get; set; }
    public string? DisputeNote { get; set; }
    /// <summary>The team's day the reminder job first found it open past its due date (and published that once).</summary>
    public DateOnly? OverdueSince { get; set; }
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
    /// <summary>On a credit note: the invoice line it credits.</summary>
    public Guid? CreditsLineId { get; set; }
    public List<InvoiceLineEntry> Entries { get; set; } = [];
}

/// <summary>
/// One time entry a line bills, with what it contributed. A time entry is on at most one live invoice
/// line (a unique index over the rows not released, not only code): a draft reserves it, a credit note
/// that releases it stamps the row released, which keeps the cancelled invoice's drill-down.
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
    /// <summary>The entry's rate snapshot, in <see cref="RateCurrency"/>.</summary>
    public decimal? Rate { get; set; }
    public string? RateCurrency { get; set; }
    /// <summary>In the invoice's currency (converted at the invoice's locked rate when the entry was priced in another).</summary>
    public long AmountMinor { get; set; }
    public DateTime? ReleasedAt { get; set; }
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

/// <summary>
/// The team as the seller on its invoices: legal data, bank account, defaults for new clients'
/// invoices and the email text per language. One per team; documents copy it when they are issued.
/// </summary>
public class BillingProfile : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public string LegalName { get; set; } = "";
    public string Street { get; set; } = "";
    public string PostalCode { get; set; } = "";
    public string City { get; set; } = "";
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string Country { get; set; } = "DE";
    public string? VatId { get; set; }
    /// <summary>The national tax number (Steuernummer), when there is no VAT ID or besides it.</summary>
    public string? TaxNumber { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public string? Iban { get; set; }
    public string? Bic { get; set; }
    public string? BankName { get; set; }
    public string? Footer { get; set; }
    public int PaymentTermDays { get; set; } = 14;
    /// <summary>The standard VAT rate in percent.</summary>
    public decimal VatRate { get; set; } = 19m;
    /// <summary>§ 19 UStG: no VAT is charged and the invoice says why.</summary>
    public bool SmallBusiness { get; set; }
    public byte[]? Logo { get; set; }
    public string? LogoContentType { get; set; }
    public string? EmailSubjectEn { get; set; }
    public string? EmailBodyEn { get; set; }
    public string? EmailSubjectDe { get; set; }
    public string? EmailBodyDe { get; set; }
    /// <summary>The weekday and local time of the team's scheduled invoice run (Monday 06:00 unless changed).</summary>
    public DayOfWeek RunDay { get; set; } = DayOfWeek.Monday;
    public TimeOnly RunAt { get; set; } = new(6, 0);
}

/// <summary>A contact of the client who receives its invoices.</summary>
[AuditIgnore]
public class ClientBillingContact : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ClientId { get; set; }
    public Guid ContactId { get; set; }
}

public enum DocumentFormat
{
    Pdf = 0,
    /// <summary>EN 16931 CII XML.</summary>
    Xml = 1,
}

/// <summary>
/// A rendered document of an issued invoice, made once in the issuing transaction and served as
/// stored ever after: what was sent is what is downloaded, byte for byte.
/// </summary>
[AuditIgnore]
public class InvoiceDocument : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }
    public DocumentFormat Format { get; set; }
    public byte[] Content { get; set; } = [];
}

public enum RunStatus
{
    /// <summary>Claimed and under way (or interrupted: a rerun takes it over once its lease has run out).</summary>
    Pending = 0,
    Created = 1,
    Skipped = 2,
    Failed = 3,
}

public enum RunTrigger
{
    Schedule = 0,
    Manual = 1,
}

/// <summary>
/// One client's scheduled invoice for one period. The key (team, client, period end) is unique, so
/// however often and wherever the run goes (a second tick, a second instance, a rerun after a crash)
/// a client and period get one invoice. The lease says who is working on it; only its holder can
/// record the outcome, in the same transaction as the invoice.
/// </summary>
[AuditIgnore]
public class InvoiceRun : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ClientId { get; set; }
    public DateOnly PeriodFrom { get; set; }
    public DateOnly PeriodTo { get; set; }
    public RunStatus Status { get; set; }
    public RunTrigger Trigger { get; set; }
    public Guid? InvoiceId { get; set; }
    /// <summary>Why it was skipped or failed.</summary>
    public string? Reason { get; set; }
    public int Attempts { get; set; }
    public Guid? LeaseToken { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}

public enum PaymentMethod
{
    BankTransfer = 0,
    Cash = 1,
    Card = 2,
    Crypto = 3,
    Other = 4,
}

/// <summary>
/// Money received for an invoice. Recorded by hand (bank transfer, cash) or by a payment provider.
/// What exceeds the invoice's open amount is the client's credit.
/// </summary>
public class Payment : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }
    public Guid ClientId { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    public DateOnly PaidOn { get; set; }
    public PaymentMethod Method { get; set; }
    public string? Reference { get; set; }
    /// <summary>The part of the amount beyond what the invoice still asked for: kept as the client's credit.</summary>
    public long OverpaidMinor { get; set; }
    /// <summary>For a payment reported by a provider ("stripe", "btcpay"): its name and the provider's id of the payment or refund, unique together.</summary>
    public string? Provider { get; set; }
    public string? ProviderReference { get; set; }
    /// <summary>The provider's fee, when it says.</summary>
    public long? FeeMinor { get; set; }
    public Guid? RecordedBy { get; set; }
    public DateTime RecordedAt { get; set; }
}

/// <summary>
/// A dated exchange rate kept by the team (by hand, from a CSV, or fetched): how many units of
/// <see cref="To"/> one unit of <see cref="From"/> buys on <see cref="Day"/>. Invoices lock the rate they used.
/// </summary>
public class ExchangeRate : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public string From { get; set; } = "";
    public string To { get; set; } = "";
    public DateOnly Day { get; set; }
    public decimal Rate { get; set; }
    /// <summary>"manual", "csv" or "ECB".</summary>
    public string Source { get; set; } = "manual";
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One step of the team's dunning: a reminder goes out this many days after the due date to invoices
/// still open, in the client's language, with an optional fee (in the team's currency).
/// </summary>
public class DunningLevel : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>1 for the first reminder, 2 for the second, ...: the levels numbered by their days after the due date.</summary>
    public int Level { get; set; }
    public int DaysAfterDue { get; set; }
    /// <summary>A reminder fee in the team's currency (converted at the team's rate for invoices in another); none when null.</summary>
    public decimal? Fee { get; set; }
    public string? SubjectEn { get; set; }
    public string? BodyEn { get; set; }
    public string? SubjectDe { get; set; }
    public string? BodyDe { get; set; }
}

/// <summary>
/// A reminder of an invoice at one dunning level: at most one per invoice and level (a unique key),
/// written with its emails in one unit of work, so a second tick or instance sends nothing.
/// </summary>
public class InvoiceReminder : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }
    public int Level { get; set; }
    /// <summary>The team's day it was sent on.</summary>
    public DateOnly SentOn { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>What was still open when it was sent, in the invoice's currency.</summary>
    public long OpenMinor { get; set; }
    /// <summary>The fee it stated, in the invoice's currency.</summary>
    public long FeeMinor { get; set; }
    /// <summary>Who it went to; null when the client has no billing address (recorded, not retried: add one and send by hand).</summary>
    public string? SentTo { get; set; }
}
