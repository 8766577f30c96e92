using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Documents;

/// <summary>
/// Renders an issued document's PDF and e-invoice once, in the issuing unit of work, from the frozen
/// invoice and the seller's profile as it is at that moment, and stores both: every later download,
/// email or portal view serves these bytes.
/// </summary>
public sealed class InvoiceDocuments(AppDbContext db, BillingTerms terms, ICrmDirectory crm)
{
    public async Task<DocumentData> DataAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var profile = await terms.ProfileAsync(cancellationToken);
        var email = await RecipientsAsync(invoice.ClientId, cancellationToken);
        Invoice? preceding = null;
        if (invoice.CorrectsInvoiceId is { } correctedId)
        {
            preceding = await db.Set<Invoice>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == correctedId, cancellationToken);
        }

        var lines = invoice.Lines.OrderBy(l => l.Position)
            .Select(l => new DocumentLine(l.Position, l.Kind, l.Description, l.Quantity, l.UnitPrice, l.NetMinor, l.VatCategory, l.VatRate)).ToList();
        return new DocumentData(invoice.Kind, invoice.Number ?? throw new InvalidOperationException("Only issued documents are rendered."),
            invoice.IssueDate!.Value, invoice.DueDate, invoice.PeriodFrom, invoice.PeriodTo, invoice.Currency, invoice.Language, profile,
            DocumentParty.FromText(invoice.BuyerName, invoice.BuyerAddress, invoice.BuyerCountry, invoice.BuyerVatId, email.FirstOrDefault()),
            invoice.BuyerReference, lines, InvoiceTotals.Compute(invoice.Currency, lines.Select(l => new TotalsLine(l.NetMinor, l.VatCategory, l.VatRate))),
            invoice.VatNote, preceding?.Number, preceding?.IssueDate,
            invoice is { FxFrom: { } fxFrom, FxRate: { } fxRate, FxDate: { } fxDate } ? new DocumentRate(fxFrom, fxRate, fxDate, invoice.FxSource ?? "") : null,
            invoice is { TaxCurrency: { } taxCurrency, TaxCurrencyVatMinor: { } taxVat, TaxFxRate: { } taxRate, TaxFxDate: { } taxDate } ? new DocumentTaxCurrency(taxCurrency, taxVat, taxRate, taxDate) : null);
    }

    /// <summary>Renders and stores the documents of an issued invoice (the e-invoice where EN 16931 can state its currency); must run where it was issued.</summary>
    public async Task RenderAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var data = await DataAsync(invoice, cancellationToken);
        db.Add(new InvoiceDocument { InvoiceId = invoice.Id, Format = DocumentFormat.Pdf, Content = InvoicePdf.Render(data) });
        if (InvoiceXml.Supports(invoice.Currency))
        {
            db.Add(new InvoiceDocument { InvoiceId = invoice.Id, Format = DocumentFormat.Xml, Content = InvoiceXml.Render(data) });
        }
    }

    /// <summary>Where a client's invoices go: its billing contacts' addresses, or else the client's billing emails.</summary>
    public async Task<IReadOnlyList<string>> RecipientsAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var contacts = await db.Set<ClientBillingContact>().Where(c => c.ClientId == clientId).Select(c => c.ContactId).ToListAsync(cancellationToken);
        var emails = await crm.Contacts.Where(c => contacts.Contains(c.Id) && c.Email != null).OrderBy(c => c.LastName).Select(c => c.Email!).ToListAsync(cancellationToken);
        if (emails.Count > 0)
        {
            return emails;
        }

        var billing = await crm.Clients.Where(c => c.Id == clientId).Select(c => c.BillingEmails).SingleOrDefaultAsync(cancellationToken);
        return (billing ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
