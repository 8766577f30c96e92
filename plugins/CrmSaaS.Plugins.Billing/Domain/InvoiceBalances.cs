using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Billing.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// An issued invoice's balance and state, recomputed from its payments and credit notes in the unit of
/// work that changed them, after taking the invoice's row (so concurrent payments add up), and every
/// change of state published as <see cref="InvoiceStatusChanged"/>.
/// </summary>
public sealed class InvoiceBalances(AppDbContext db, IUnitOfWork unitOfWork, IIntegrationEvents events)
{
    /// <summary>Takes the invoice's row for the rest of the unit of work; throws when it is not an issued invoice of this team.</summary>
    public async Task<Invoice> HoldAsync(Guid invoiceId, CancellationToken cancellationToken)
    {
        unitOfWork.EnsureOpen("Changing an invoice's balance");
        var held = await db.Set<Invoice>().Where(i => i.Id == invoiceId && i.Kind == DocumentKind.Invoice && i.Number != null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.PaidMinor, i => i.PaidMinor), cancellationToken);
        if (held != 1)
        {
            throw new NotFoundException("Invoice");
        }

        return await db.Set<Invoice>().Include(i => i.Lines).SingleAsync(i => i.Id == invoiceId, cancellationToken);
    }

    /// <summary>Sums the invoice's payments and credit notes again and sets its state from them.</summary>
    public async Task SettleAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var before = invoice.Status;
        invoice.PaidMinor = await db.Set<Payment>().Where(p => p.InvoiceId == invoice.Id).SumAsync(p => p.AmountMinor - p.OverpaidMinor, cancellationToken);
        invoice.CreditedMinor = await db.Set<Invoice>().Where(c => c.CorrectsInvoiceId == invoice.Id && c.Number != null).SumAsync(c => c.GrossMinor, cancellationToken);
        invoice.Status = StateOf(invoice);
        Published(invoice, before);
        await db.SaveChangesAsync(cancellationToken);
    }

    public static long Open(Invoice invoice) => invoice.GrossMinor - invoice.CreditedMinor - invoice.PaidMinor;

    /// <summary>Cancelled when credit notes cover it, paid when payments cover the rest, partly paid, or issued/sent.</summary>
    public static InvoiceStatus StateOf(Invoice invoice) =>
        invoice.CreditedMinor >= invoice.GrossMinor && invoice.PaidMinor == 0 ? InvoiceStatus.Cancelled
        : Open(invoice) <= 0 ? InvoiceStatus.Paid
        : invoice.PaidMinor > 0 ? InvoiceStatus.PartiallyPaid
        : invoice.SentAt is null ? InvoiceStatus.Issued : InvoiceStatus.Sent;

    /// <summary>Publishes the change of state, if there was one, with the change.</summary>
    public void Published(Invoice invoice, InvoiceStatus before)
    {
        if (before != invoice.Status)
        {
            events.Publish(new InvoiceStatusChanged(invoice.TenantId, invoice.Id, invoice.ClientId, invoice.Kind.ToString(), invoice.Number,
                before.ToString(), invoice.Status.ToString(), invoice.GrossMinor, invoice.Kind == DocumentKind.Invoice ? Math.Max(0, Open(invoice)) : 0, invoice.Currency));
        }
    }
}
