using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Time.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// Issues a draft in the caller's unit of work, all or nothing: claims it (a conditional update from
/// Draft, so two clicks issue once), takes the next number of the range, marks its time billed through
/// Time's contract (refused, with everything undone, if any entry was billed or changed meanwhile),
/// and freezes its totals, dates and lines. An issued invoice never changes.
/// </summary>
public sealed class InvoiceIssuing(AppDbContext db, IUnitOfWork unitOfWork, DocumentNumbers numbers, IMediator mediator, ICurrentUser user, TimeProvider clock,
    Documents.InvoiceDocuments documents, Crm.Contracts.ICrmDirectory crm, InvoiceBalances balances, ExchangeRates rates, Kernel.Tenancy.ITenantContext tenant,
    Microsoft.Extensions.Localization.IStringLocalizer<Kernel.Localization.SharedResource> l)
{
    public async Task<string> IssueAsync(Guid invoiceId, DateOnly issueDate, CancellationToken cancellationToken)
    {
        unitOfWork.EnsureOpen("Issuing an invoice");
        var now = clock.GetUtcNow().UtcDateTime;
        var me = user.UserId;
        var claimed = await db.Set<Invoice>().Where(i => i.Id == invoiceId && i.Status == InvoiceStatus.Draft)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, InvoiceStatus.Issued).SetProperty(i => i.IssuedAt, now).SetProperty(i => i.IssuedBy, me), cancellationToken);
        if (claimed != 1)
        {
            _ = await db.Set<Invoice>().AnyAsync(i => i.Id == invoiceId, cancellationToken) ? 0 : throw new NotFoundException("Invoice");
            throw new ValidationFailedException("", l["This invoice is already issued."]);
        }

        // A draft made in this same unit of work (a scheduled run, a credit note) is tracked with its old state: read it afresh.
        if (db.ChangeTracker.Entries<Invoice>().FirstOrDefault(e => e.Entity.Id == invoiceId) is { } tracked)
        {
            await tracked.ReloadAsync(cancellationToken);
        }

        // Three direct reads by the invoice's id (tracking fixes the navigations up): one joined query
        // would join the team's lines with all their entries first, and grow with every invoice issued.
        var invoice = await db.Set<Invoice>().SingleAsync(i => i.Id == invoiceId, cancellationToken);
        await db.Set<InvoiceLine>().Where(x => x.InvoiceId == invoiceId).LoadAsync(cancellationToken);
        await db.Set<InvoiceLineEntry>().Where(x => x.InvoiceId == invoiceId).LoadAsync(cancellationToken);
        if (invoice.Lines.Count == 0)
        {
            throw new ValidationFailedException("", l["An invoice needs at least one line."]);
        }

        var entryIds = invoice.Lines.SelectMany(l => l.Entries).Select(e => e.TimeEntryId).ToList();
        if (entryIds.Count > 0)
        {
            try
            {
                await mediator.Send(new MarkEntriesBilled(invoice.Id, entryIds), cancellationToken);
            }
            catch (EntriesNotBillableException)
            {
                throw new ValidationFailedException("", l["Some of the time on this draft was billed or changed meanwhile. Delete the draft and draft it again."]);
            }
        }

        // The buyer as the client stands now is what the documents carry from here on.
        var client = await crm.Clients.SingleAsync(c => c.Id == invoice.ClientId, cancellationToken);
        invoice.BuyerName = client.Name;
        invoice.BuyerAddress = client.BillingAddress;
        invoice.BuyerCountry = client.Country;
        invoice.BuyerVatId = client.VatId;
        if (invoice.Lines.Any(l => l.VatCategory == "AE") && string.IsNullOrWhiteSpace(invoice.BuyerVatId))
        {
            throw new ValidationFailedException("", l["Reverse charge needs the client's VAT ID. Add it to the client first."]);
        }

        invoice.Number = await numbers.TakeAsync(invoice.Kind, issueDate, cancellationToken);
        invoice.IssueDate = issueDate;
        invoice.DueDate = issueDate.AddDays(invoice.PaymentTermDays);
        InvoiceDrafting.Recompute(invoice);
        await LockTaxCurrencyAsync(invoice, issueDate, cancellationToken);
        await LockBaseCurrencyAsync(invoice, issueDate, cancellationToken);
        await documents.RenderAsync(invoice, cancellationToken);
        balances.Published(invoice, InvoiceStatus.Draft);
        await db.SaveChangesAsync(cancellationToken);
        return invoice.Number;
    }

    /// <summary>
    /// An invoice of a EUR team in another currency also states its VAT in EUR (§ 16 (6) UStG, EN 16931
    /// BT-6/BT-111), converted with the team's rate for the issue date, which is locked on the invoice.
    /// </summary>
    private async Task LockTaxCurrencyAsync(Invoice invoice, DateOnly issueDate, CancellationToken cancellationToken)
    {
        const string Euro = "EUR";
        if (tenant.Tenant?.Currency != Euro || invoice.Currency == Euro || invoice.VatMinor == 0)
        {
            return;
        }

        var rate = await rates.FindAsync(invoice.Currency, Euro, issueDate, cancellationToken)
            ?? throw new ValidationFailedException("", l["The VAT of an invoice in {0} is also stated in EUR, but there is no exchange rate from {0} to EUR on or before {1}. Add one under Exchange rates.", invoice.Currency, issueDate.ToString("d", System.Globalization.CultureInfo.CurrentCulture)]);
        invoice.TaxCurrency = Euro;
        invoice.TaxFxRate = rate.Rate;
        invoice.TaxFxDate = rate.Day;
        invoice.TaxCurrencyVatMinor = rate.Convert(invoice.VatMinor);
    }

    /// <summary>
    /// Locks the net in the team's currency for its books and revenue reports: at 1 in the same
    /// currency, at the corrected invoice's rate for a credit note (so a cancellation nets to zero), else
    /// at the team's rate for the issue date.
    /// </summary>
    private async Task LockBaseCurrencyAsync(Invoice invoice, DateOnly issueDate, CancellationToken cancellationToken)
    {
        var team = tenant.Tenant?.Currency ?? throw new InvalidOperationException("Invoices belong to a team.");
        var rate = invoice.Currency == team ? new FoundRate(invoice.Currency, team, 1m, issueDate, "same currency")
            : invoice.CorrectsInvoiceId is { } corrected
                && await db.Set<Invoice>().Where(i => i.Id == corrected && i.BaseCurrency == team).Select(i => i.BaseFxRate).SingleOrDefaultAsync(cancellationToken) is { } locked
                ? new FoundRate(invoice.Currency, team, locked, issueDate, "invoice")
                : await rates.FindAsync(invoice.Currency, team, issueDate, cancellationToken)
                    ?? throw new ValidationFailedException("", l["An invoice in {0} is also booked in {1}, but there is no exchange rate from {0} to {1} on or before {2}. Add one under Exchange rates.",
                        invoice.Currency, team, issueDate.ToString("d", System.Globalization.CultureInfo.CurrentCulture)]);
        invoice.BaseCurrency = team;
        invoice.BaseFxRate = rate.Rate;
        invoice.BaseNetMinor = rate.Convert(invoice.NetMinor);
    }
}
