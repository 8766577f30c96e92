using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Live;
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
public sealed class InvoiceBalances(AppDbContext db, IUnitOfWork unitOfWork, IIntegrationEvents events, ILiveUpdates live)
{
    /// <summary>Takes the invoice's row for the rest of the unit of work; throws when it is not an issued invoice of this team.</summary>
    /// <param name="withLines">Load its lines too (what payments do not need).</param>
    public async Task<Invoice> HoldAsync(Guid invoiceId, CancellationToken cancellationToken, bool withLines = true)
    {
        unitOfWork.EnsureOpen("Changing an invoice's balance");
        var held = await db.Set<Invoice>().Where(i => i.Id == invoiceId && i.Kind == DocumentKind.Invoice && i.Number != null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.PaidMinor, i => i.PaidMinor), cancellationToken);
        if (held != 1)
        {
            throw new NotFoundException("Invoice");
        }

        IQueryable<Invoice> invoices = withLines ? db.Set<Invoice>().Include(i => i.Lines) : db.Set<Invoice>();
        return await invoices.SingleAsync(i => i.Id == invoiceId, cancellationToken);
    }

    /// <summary>Sums the invoice's payments and credit notes again and sets its state from them.</summary>
    public async Task SettleAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        await SetStateAsync(invoice, await db.Set<Payment>().Where(p => p.InvoiceId == invoice.Id).SumAsync(p => p.AmountMinor - p.OverpaidMinor, cancellationToken), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Sets what the invoice's payments pay of it (summed by the caller from the payments it holds, all of
    /// them), sums its credit notes and sets its state from both; saved with the caller's next save.
    /// </summary>
    public async Task SetStateAsync(Invoice invoice, long paidMinor, CancellationToken cancellationToken)
    {
        var before = invoice.Status;
        invoice.PaidMinor = paidMinor;
        invoice.CreditedMinor = await db.Set<Invoice>().Where(c => c.CorrectsInvoiceId == invoice.Id && c.Number != null).SumAsync(c => c.GrossMinor, cancellationToken);
        invoice.Status = StateOf(invoice);
        Published(invoice, before);
    }

    public static long Open(Invoice invoice) => invoice.GrossMinor - invoice.CreditedMinor - invoice.PaidMinor;

    /// <summary>Cancelled when credit notes cover it, paid when payments cover the rest, partly paid, or issued/sent.</summary>
    public static InvoiceStatus StateOf(Invoice invoice) =>
        invoice.CreditedMinor >= invoice.GrossMinor && invoice.PaidMinor == 0 ? InvoiceStatus.Cancelled
        : Open(invoice) <= 0 ? InvoiceStatus.Paid
        : invoice.PaidMinor > 0 ? InvoiceStatus.PartiallyPaid
        : invoice.SentAt is null ? InvoiceStatus.Issued : InvoiceStatus.Sent;

    /// <summary>
    /// Publishes the change of state, if there was one, with the change; and tells open pages (the
    /// team's, and the client's portal once the invoice is issued) that the invoice changed.
    /// </summary>
    public void Published(Invoice invoice, InvoiceStatus before)
    {
        live.Publish(new LiveEvent(BillingLive.Invoice, invoice.Id, BillingPermissions.Read, invoice.Number is null ? null : invoice.ClientId));
        if (before != invoice.Status)
        {
            events.Publish(new InvoiceStatusChanged(invoice.TenantId, invoice.Id, invoice.ClientId, invoice.Kind.ToString(), invoice.Number,
                before.ToString(), invoice.Status.ToString(), invoice.GrossMinor, invoice.Kind == DocumentKind.Invoice ? Math.Max(0, Open(invoice)) : 0, invoice.Currency));
        }
    }
}
