using CrmSaaS.Kernel.Security;
using Mediator;

namespace CrmSaaS.Plugins.Billing.Contracts;

/// <summary>One time entry a line bills, as the client sees it: the day, who, the billed time, what was done, at what rate.</summary>
public sealed record ClientBilledEntry(DateOnly Date, Guid UserId, int BillableSeconds, string? Description, decimal? Rate, string? RateCurrency, long AmountMinor);

/// <summary>A line of an issued invoice with the time entries it bills (none for a fixed line).</summary>
public sealed record ClientInvoiceLine(int Position, string Description, decimal Quantity, bool IsTime, decimal UnitPrice, long NetMinor, decimal VatRate,
    IReadOnlyList<ClientBilledEntry> Entries);

/// <summary>A payment of the invoice as the client sees it (a refund is negative); <paramref name="Method"/> is its label, a key of the shared texts.</summary>
public sealed record ClientInvoicePayment(DateOnly PaidOn, long AmountMinor, string Method);

/// <summary>An issued invoice opened in the client portal.</summary>
public sealed record ClientInvoiceDetail(Guid InvoiceId, Guid ClientId, string Number, DateOnly IssueDate, DateOnly? DueDate, string Status, string Currency,
    long NetMinor, long VatMinor, long GrossMinor, long CreditedMinor, long PaidMinor, long OpenMinor, string? VatNote,
    IReadOnlyList<ClientInvoiceLine> Lines, IReadOnlyList<ClientInvoicePayment> Payments, bool HasPdf, bool HasXml);

/// <summary>
/// An issued invoice (not a credit note) of one of <paramref name="ClientIds"/>, with its lines, the
/// exact time entries each line bills and its payments; null for any other invoice. The caller says
/// which clients the signed-in contact speaks for.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed record ClientInvoiceDetailQuery(Guid InvoiceId, IReadOnlyList<Guid> ClientIds) : IQuery<ClientInvoiceDetail?>;

/// <summary>A stored file of an invoice: its PDF or its e-invoice, exactly as issued.</summary>
public sealed record ClientInvoiceFile(byte[] Content, string ContentType, string FileName);

/// <summary>The PDF (or, with <paramref name="Xml"/>, the e-invoice) of an issued invoice of one of <paramref name="ClientIds"/>; null for any other.</summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed record ClientInvoiceFileQuery(Guid InvoiceId, IReadOnlyList<Guid> ClientIds, bool Xml) : IQuery<ClientInvoiceFile?>;

/// <summary>The issued invoices of <paramref name="ClientIds"/> for a contact's lists and dashboard (same rows as <see cref="ClientInvoicesQuery"/>).</summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed record PortalInvoicesQuery(IReadOnlyList<Guid> ClientIds, int Take = 200) : IQuery<IReadOnlyList<ClientInvoice>>;

/// <summary>
/// The clients whose invoices the signed-in client contact may see and pay: those that have them
/// among their billing contacts (the recipients of their invoices, set on the client's billing
/// settings). A contact moved to another client no longer counts for the old one.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed record MyBillingClientsQuery : IQuery<IReadOnlyList<Guid>>;

/// <summary>
/// The statement of account of <paramref name="ClientId"/> for a period (the last twelve months by
/// default) as PDF, when it is one of <paramref name="ClientIds"/> (the contact's); null otherwise.
/// A period that is backwards or longer than ten years is refused as invalid.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed record ClientStatementQuery(Guid ClientId, IReadOnlyList<Guid> ClientIds, DateOnly? From, DateOnly? To) : IQuery<ClientInvoiceFile?>;

/// <summary>One line of a time sheet, formatted for the reader (date, hours in their culture).</summary>
public sealed record ClientTimeRow(string Date, string Project, string Member, string Hours, string? Description);

/// <summary>
/// A time sheet as PDF with the team's name on it: the caller (the portal) has chosen and formatted
/// the rows the contact may see; <paramref name="Headings"/> are in the reader's language (date,
/// project, member, hours, description, total, "page {0} of {1}").
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed record TimeSheetPdfQuery(string Title, string Period, IReadOnlyList<string> Headings, IReadOnlyList<ClientTimeRow> Rows, string TotalHours) : IQuery<ClientInvoiceFile>;

/// <summary>The billing contacts of <paramref name="ClientId"/> (for its client admin's people page; the caller checked they are one).</summary>
[RequiresPermission(PortalPermissions.Access, PortalPermissions.TeamManage)]
public sealed record ClientBillingContactsQuery(Guid ClientId) : IQuery<IReadOnlyList<Guid>>;

/// <summary>
/// Makes a contact of <paramref name="ClientId"/> one of its billing contacts (receives its invoices,
/// sees and pays them in the portal) or no longer one; the caller (the portal, for a client admin)
/// checked they may. Returns whether anything changed.
/// </summary>
[RequiresPermission(PortalPermissions.Access, PortalPermissions.TeamManage)]
public sealed record SetClientBillingContactCommand(Guid ClientId, Guid ContactId, bool IsBillingContact) : IRequest<bool>;
