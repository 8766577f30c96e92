using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// Emails an issued invoice to the client's billing contacts, in the client's language, with the PDF
/// and the e-invoice attached as stored, through the outbox (so in the sending unit of work). Once:
/// a conditional update stamps it sent, so a second click, a retried job or a second instance sends nothing.
/// </summary>
public sealed class InvoiceSending(AppDbContext db, IUnitOfWork unitOfWork, Kernel.Audit.AuditTrail audit, IEmailOutbox outbox, InvoiceDocuments documents, BillingTerms terms, InvoiceBalances balances,
    ITenantContext tenant, TenantUrls urls, TimeProvider clock, IStringLocalizer<Kernel.Localization.SharedResource> l)
{
    public async Task<int> SendAsync(Guid invoiceId, CancellationToken cancellationToken)
    {
        unitOfWork.EnsureOpen("Sending an invoice");
        var invoice = await db.Set<Invoice>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == invoiceId, cancellationToken) ?? throw new NotFoundException("Invoice");
        if (invoice.Number is null)
        {
            throw new ValidationFailedException("", l["Issue the invoice before sending it."]);
        }

        var recipients = await documents.RecipientsAsync(invoice.ClientId, cancellationToken);
        if (recipients.Count == 0)
        {
            throw new ValidationFailedException("", l["The client has no billing contact with an email address and no billing email."]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Set<Invoice>().Where(i => i.Id == invoiceId && i.SentAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.SentAt, now)
                .SetProperty(i => i.Status, i => i.Status == InvoiceStatus.Issued ? InvoiceStatus.Sent : i.Status), cancellationToken);
        if (claimed != 1)
        {
            throw new ValidationFailedException("", l["This invoice was sent already."]);
        }

        audit.Record<Invoice>(invoice.TenantId, invoice.Id, Kernel.Audit.AuditAction.Updated, new Dictionary<string, (object?, object?)>
        {
            [nameof(Invoice.SentAt)] = (null, now),
            [nameof(Invoice.Status)] = (invoice.Status.ToString(), (invoice.Status == InvoiceStatus.Issued ? InvoiceStatus.Sent : invoice.Status).ToString()),
        });

        if (invoice.Status == InvoiceStatus.Issued)
        {
            var sent = await db.Set<Invoice>().AsNoTracking().SingleAsync(i => i.Id == invoiceId, cancellationToken);
            balances.Published(sent, InvoiceStatus.Issued);
        }

        var files = await db.Set<InvoiceDocument>().AsNoTracking().Where(d => d.InvoiceId == invoiceId).ToListAsync(cancellationToken);
        var name = InvoiceDownloads.FileName(invoice.Kind, invoice.Number);
        var attachments = files.OrderBy(f => f.Format).Select(f => f.Format == DocumentFormat.Pdf
            ? new EmailAttachment(name + ".pdf", "application/pdf", f.Content)
            : new EmailAttachment(name + ".xml", "application/xml", f.Content)).ToList();
        var profile = await terms.ProfileAsync(cancellationToken);
        var (subject, body) = Text(invoice, profile, urls.ForTeam(tenant.Tenant!.Identifier, "/portal"));
        foreach (var to in recipients)
        {
            outbox.Enqueue(to, subject, body, attachments: attachments);
        }

        return recipients.Count;
    }

    /// <summary>The subject and text in the invoice's language: the team's template with its placeholders filled, or the standard one.</summary>
    public static (string Subject, string Body) Text(Invoice invoice, BillingProfile profile, string link)
    {
        var de = invoice.Language == "de";
        var culture = DocumentTexts.For(invoice.Language).Culture;
        var total = new Money(invoice.GrossMinor, invoice.Currency).Format(culture);
        var due = invoice.DueDate?.ToString("d", culture) ?? "";
        var credit = invoice.Kind == DocumentKind.CreditNote;
        var subject = (de ? profile.EmailSubjectDe : profile.EmailSubjectEn)
            ?? (credit ? (de ? "Gutschrift {number}" : "Credit note {number}") : (de ? "Rechnung {number}" : "Invoice {number}")) + " – " + profile.LegalName;
        var body = (de ? profile.EmailBodyDe : profile.EmailBodyEn) ?? (credit
            ? (de ? "Guten Tag,\n\nanbei erhalten Sie unsere Gutschrift {number} über {total}.\n\nMit freundlichen Grüßen\n" : "Hello,\n\nplease find attached our credit note {number} for {total}.\n\nKind regards\n") + profile.LegalName
            : (de ? "Guten Tag,\n\nanbei erhalten Sie unsere Rechnung {number} über {total}, zahlbar bis {due}.\nIm Kundenportal sehen und bezahlen Sie Ihre Rechnungen: {link}\n\nMit freundlichen Grüßen\n"
                  : "Hello,\n\nplease find attached our invoice {number} for {total}, due on {due}.\nYou can see and pay your invoices in the client portal: {link}\n\nKind regards\n") + profile.LegalName);

        string Fill(string text) => text.Replace("{number}", invoice.Number).Replace("{client}", invoice.BuyerName).Replace("{total}", total).Replace("{due}", due).Replace("{link}", link);
        return (Fill(subject), Fill(body));
    }
}
