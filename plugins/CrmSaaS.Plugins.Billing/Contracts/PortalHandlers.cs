using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Time.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Contracts;

public sealed class PortalHandlers(AppDbContext db, ITimeDirectory time, GuestContacts guests, ICrmDirectory crm, ClientStatements statements, BillingTerms terms, Kernel.Live.ILiveUpdates live,
    Microsoft.Extensions.Localization.IStringLocalizer<Kernel.Localization.SharedResource> l)
    : IQueryHandler<ClientInvoiceDetailQuery, ClientInvoiceDetail?>, IQueryHandler<ClientInvoiceFileQuery, ClientInvoiceFile?>,
    IQueryHandler<PortalInvoicesQuery, IReadOnlyList<ClientInvoice>>, IQueryHandler<MyBillingClientsQuery, IReadOnlyList<Guid>>,
    IQueryHandler<ClientStatementQuery, ClientInvoiceFile?>, IQueryHandler<TimeSheetPdfQuery, ClientInvoiceFile>,
    IQueryHandler<ClientBillingContactsQuery, IReadOnlyList<Guid>>, IRequestHandler<SetClientBillingContactCommand, bool>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(ClientBillingContactsQuery query, CancellationToken cancellationToken) =>
        await db.Set<ClientBillingContact>().AsNoTracking().Where(b => b.ClientId == query.ClientId).Select(b => b.ContactId).ToListAsync(cancellationToken);

    public async ValueTask<bool> Handle(SetClientBillingContactCommand command, CancellationToken cancellationToken)
    {
        if (!await crm.Contacts.AnyAsync(c => c.Id == command.ContactId && c.ClientId == command.ClientId, cancellationToken))
        {
            throw new NotFoundException("Contact");
        }

        var row = await db.Set<ClientBillingContact>().SingleOrDefaultAsync(b => b.ClientId == command.ClientId && b.ContactId == command.ContactId, cancellationToken);
        if (command.IsBillingContact == row is not null)
        {
            return false;
        }

        if (row is null)
        {
            db.Add(new ClientBillingContact { ClientId = command.ClientId, ContactId = command.ContactId });
        }
        else
        {
            db.Remove(row);
            live.Publish(Kernel.Live.LiveAccess.For(command.ContactId));
        }

        return true;
    }

    public async ValueTask<ClientInvoiceFile> Handle(TimeSheetPdfQuery query, CancellationToken cancellationToken)
    {
        var team = (await terms.ProfileAsync(cancellationToken)).LegalName;
        var pdf = Documents.TimeSheetPdf.Render(team, query.Title, query.Period, query.Headings, query.Rows, query.TotalHours, System.Globalization.CultureInfo.CurrentUICulture.Name);
        return new ClientInvoiceFile(pdf, "application/pdf", "time.pdf");
    }

    public async ValueTask<ClientInvoiceFile?> Handle(ClientStatementQuery query, CancellationToken cancellationToken)
    {
        if (!query.ClientIds.Contains(query.ClientId))
        {
            return null;
        }

        return await StatementDownloads.PdfFileAsync(query.ClientId, query.From, query.To, statements, terms, cancellationToken)
            ?? throw new Kernel.Validation.ValidationFailedException("From", l["The period must start before it ends and span at most ten years."]);
    }

    public async ValueTask<IReadOnlyList<Guid>> Handle(MyBillingClientsQuery query, CancellationToken cancellationToken)
    {
        // The contacts the user is: by a project invitation or portal access they accepted and still hold.
        var mine = (await guests.MineAsync(cancellationToken)).ToList();
        return await db.Set<ClientBillingContact>().AsNoTracking()
            .Where(b => mine.Contains(b.ContactId) && crm.Contacts.Any(c => c.Id == b.ContactId && c.ClientId == b.ClientId))
            .Select(b => b.ClientId).Distinct().ToListAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<ClientInvoice>> Handle(PortalInvoicesQuery query, CancellationToken cancellationToken) =>
        await PaymentHandlers.ClientInvoicesAsync(db, query.ClientIds, query.Take, cancellationToken);

    public async ValueTask<ClientInvoiceDetail?> Handle(ClientInvoiceDetailQuery query, CancellationToken cancellationToken)
    {
        var clients = query.ClientIds.ToList();
        var invoice = await db.Set<Invoice>().AsNoTracking().Include(i => i.Lines)
            .SingleOrDefaultAsync(i => i.Id == query.InvoiceId && clients.Contains(i.ClientId) && i.Kind == DocumentKind.Invoice && i.Number != null, cancellationToken);
        if (invoice is null)
        {
            return null;
        }

        var billed = await db.Set<InvoiceLineEntry>().AsNoTracking().Where(e => e.InvoiceId == invoice.Id)
            .GroupJoin(time.Entries, e => e.TimeEntryId, t => t.Id, (e, t) => new { e, t })
            .SelectMany(x => x.t.DefaultIfEmpty(), (x, t) => new { x.e.InvoiceLineId, x.e.Date, x.e.UserId, x.e.BillableSeconds, Description = t == null ? null : t.Description, x.e.Rate, x.e.RateCurrency, x.e.AmountMinor, x.e.TimeEntryId })
            .ToListAsync(cancellationToken);
        var byLine = billed.OrderBy(e => e.Date).ThenBy(e => e.TimeEntryId).ToLookup(e => e.InvoiceLineId,
            e => new ClientBilledEntry(e.Date, e.UserId, e.BillableSeconds, e.Description, e.Rate, e.RateCurrency, e.AmountMinor));
        var payments = await db.Set<Payment>().AsNoTracking().Where(p => p.InvoiceId == invoice.Id).OrderBy(p => p.PaidOn).ThenBy(p => p.RecordedAt)
            .Select(p => new { p.PaidOn, p.AmountMinor, p.Method })
            .ToListAsync(cancellationToken);
        var history = payments.Select(p => new ClientInvoicePayment(p.PaidOn, p.AmountMinor, Domain.Payments.Label(p.Method))).ToList();
        var formats = await db.Set<InvoiceDocument>().Where(d => d.InvoiceId == invoice.Id).Select(d => d.Format).ToListAsync(cancellationToken);
        var lines = invoice.Lines.OrderBy(l => l.Position)
            .Select(l => new ClientInvoiceLine(l.Position, l.Description, l.Quantity, l.Kind == LineKind.Time, l.UnitPrice, l.NetMinor, l.VatRate, [.. byLine[l.Id]]))
            .ToList();
        return new ClientInvoiceDetail(invoice.Id, invoice.ClientId, invoice.Number!, invoice.IssueDate!.Value, invoice.DueDate, invoice.Status.ToString(), invoice.Currency,
            invoice.NetMinor, invoice.VatMinor, invoice.GrossMinor, invoice.CreditedMinor, invoice.PaidMinor, Math.Max(0, InvoiceBalances.Open(invoice)), invoice.VatNote,
            lines, history, formats.Contains(DocumentFormat.Pdf), formats.Contains(DocumentFormat.Xml));
    }

    public async ValueTask<ClientInvoiceFile?> Handle(ClientInvoiceFileQuery query, CancellationToken cancellationToken)
    {
        var clients = query.ClientIds.ToList();
        var issued = db.Set<Invoice>().Where(i => clients.Contains(i.ClientId) && i.Kind == DocumentKind.Invoice && i.Number != null);
        return await InvoiceDownloads.StoredAsync(db, issued, query.InvoiceId, query.Xml ? DocumentFormat.Xml : DocumentFormat.Pdf, cancellationToken);
    }
}
