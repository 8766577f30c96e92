using System.Globalization;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// An invoice's files: the PDF and the e-invoice exactly as stored when it was issued, and the time
/// entries its lines bill as CSV (date, member, hours, rounding, rate snapshot, amount).
/// </summary>
public static class InvoiceDownloads
{
    public const string PdfEndpoint = "billing.invoice.pdf";
    public const string XmlEndpoint = "billing.invoice.xml";
    public const string EntriesEndpoint = "billing.invoice.entries";

    public static void Map(PluginEndpoints endpoints)
    {
        endpoints.MapGet("/billing/invoices/{id:guid}/pdf", (Guid id, AppDbContext db, CancellationToken ct) => DocumentAsync(id, DocumentFormat.Pdf, db, ct), BillingPermissions.Read)
            .WithName(PdfEndpoint);
        endpoints.MapGet("/billing/invoices/{id:guid}/xml", (Guid id, AppDbContext db, CancellationToken ct) => DocumentAsync(id, DocumentFormat.Xml, db, ct), BillingPermissions.Read)
            .WithName(XmlEndpoint);
        endpoints.MapGet("/billing/invoices/{id:guid}/entries.csv", EntriesAsync, BillingPermissions.Read).WithName(EntriesEndpoint);
    }

    private static async Task<IResult> DocumentAsync(Guid id, DocumentFormat format, AppDbContext db, CancellationToken cancellationToken) =>
        await StoredAsync(db, db.Set<Invoice>(), id, format, cancellationToken) is { } file
            ? Results.File(file.Content, file.ContentType, file.FileName)
            : Results.NotFound();

    /// <summary>The stored PDF or e-invoice of an invoice among <paramref name="invoices"/>, with its download name; null when there is none.</summary>
    public static async Task<Contracts.ClientInvoiceFile?> StoredAsync(AppDbContext db, IQueryable<Invoice> invoices, Guid id, DocumentFormat format, CancellationToken cancellationToken)
    {
        var found = await db.Set<InvoiceDocument>().AsNoTracking().Where(d => d.InvoiceId == id && d.Format == format)
            .Join(invoices, d => d.InvoiceId, i => i.Id, (d, i) => new { d.Content, i.Number, i.Kind })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? null
            : new Contracts.ClientInvoiceFile(found.Content, format == DocumentFormat.Pdf ? "application/pdf" : "application/xml",
                FileName(found.Kind, found.Number!) + (format == DocumentFormat.Pdf ? ".pdf" : ".xml"));
    }

    public static string FileName(DocumentKind kind, string number) =>
        (kind == DocumentKind.CreditNote ? "credit-note-" : "invoice-") + string.Concat(number.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'));

    private static async Task<IResult> EntriesAsync(Guid id, AppDbContext db, CancellationToken cancellationToken)
    {
        var invoice = await db.Set<Invoice>().AsNoTracking().Where(i => i.Id == id).Select(i => new { i.Number, i.Kind, i.Currency }).SingleOrDefaultAsync(cancellationToken);
        if (invoice is null)
        {
            return Results.NotFound();
        }

        var rows = await db.Set<InvoiceLineEntry>().AsNoTracking().Where(e => e.InvoiceId == id)
            .Join(db.Set<InvoiceLine>(), e => e.InvoiceLineId, l => l.Id, (e, l) => new { l.Position, l.Description, e.TimeEntryId, e.Date, e.UserId, e.BillableSeconds, e.Rate, e.AmountMinor })
            .OrderBy(r => r.Position).ThenBy(r => r.Date).ThenBy(r => r.TimeEntryId)
            .ToListAsync(cancellationToken);
        var users = rows.Select(r => r.UserId).Distinct().ToList();
        var names = await db.Users.Where(u => users.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var file = FileName(invoice.Kind, invoice.Number ?? "draft") + "-entries.csv";
        return CsvFiles.Download(file, async (csv, ct) =>
        {
            await csv.WriteRowAsync(["Line", "Line description", "Entry", "Date", "Member", "Billable hours", "Rate", "Amount", "Currency"], ct);
            foreach (var r in rows)
            {
                await csv.WriteRowAsync([r.Position.ToString(CultureInfo.InvariantCulture), r.Description, r.TimeEntryId.ToString(), r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    names.GetValueOrDefault(r.UserId), Formats.Hours(r.BillableSeconds), r.Rate?.ToString("0.####", CultureInfo.CurrentCulture),
                    new Money(r.AmountMinor, invoice.Currency).FormatNumber(), invoice.Currency], ct);
            }
        }, cancellationToken);
    }
}
