using CrmSaaS.Kernel.Events;

namespace CrmSaaS.Plugins.Billing.Contracts;

/// <summary>
/// An invoice or credit note changed state: written with the change, delivered after it to other
/// plugins' handlers (portal, notifications, payments). States and kinds are named as in Billing:
/// Draft, Issued, Sent, PartiallyPaid, Paid, Cancelled; Invoice, CreditNote.
/// </summary>
public sealed record InvoiceStatusChanged(Guid TenantId, Guid InvoiceId, Guid ClientId, string Kind, string? Number,
    string From, string To, long GrossMinor, long OpenMinor, string Currency) : IIntegrationEvent;
