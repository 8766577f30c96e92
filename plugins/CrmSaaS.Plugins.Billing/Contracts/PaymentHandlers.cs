using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Billing.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Contracts;

public sealed class PaymentHandlers(AppDbContext db, BillingTerms terms, Payments payments, Kernel.Events.IIntegrationEvents events, TimeProvider clock)
    : IQueryHandler<PayableInvoiceQuery, PayableInvoice?>, IRequestHandler<RecordProviderPayment, ProviderPaymentOutcome>,
    IRequestHandler<RecordProviderRefunds, ProviderPaymentOutcome>, IRequestHandler<FlagProviderDispute, DisputedInvoice>,
    IQueryHandler<ProviderPaymentsQuery, IReadOnlyList<ProviderPayment>>, IRequestHandler<RecordProviderFee, bool>, IQueryHandler<BankTransferQuery, BankTransferDetails?>,
    IQueryHandler<ClientInvoicesQuery, IReadOnlyList<ClientInvoice>>
{
    public async ValueTask<IReadOnlyList<ClientInvoice>> Handle(ClientInvoicesQuery query, CancellationToken cancellationToken) =>
        await ClientInvoicesAsync(db, query.ClientIds, query.Take, cancellationToken);

    /// <summary>The issued invoices of the clients, newest first, at most <paramref name="take"/> (1 to 1,000).</summary>
    internal static async Task<IReadOnlyList<ClientInvoice>> ClientInvoicesAsync(AppDbContext db, IEnumerable<Guid> clientIds, int take, CancellationToken cancellationToken)
    {
        var clients = clientIds.ToList();
        var invoices = await db.Set<Invoice>().AsNoTracking()
            .Where(i => clients.Contains(i.ClientId) && i.Kind == DocumentKind.Invoice && i.Number != null)
            .OrderByDescending(i => i.IssueDate).ThenByDescending(i => i.Number)
            .Take(Math.Clamp(take, 1, 1000))
            .ToListAsync(cancellationToken);
        return invoices.Select(i => new ClientInvoice(i.Id, i.ClientId, i.Number!, i.IssueDate!.Value, i.DueDate, i.GrossMinor, Math.Max(0, InvoiceBalances.Open(i)), i.Currency,
            i.Status.ToString())).ToList();
    }

    public async ValueTask<BankTransferDetails?> Handle(BankTransferQuery query, CancellationToken cancellationToken)
    {
        var invoice = await Handle(new PayableInvoiceQuery(query.InvoiceId), cancellationToken);
        var profile = await terms.ProfileAsync(cancellationToken);
        if (invoice is null || profile.Iban is not { Length: > 0 } iban)
        {
            return null;
        }

        var qr = invoice.Currency == "EUR" && invoice.OpenMinor > 0
            ? Documents.EpcQrCode.Modules(Documents.EpcQrCode.Payload(profile.LegalName, BankDetails.NormalizeIban(iban), profile.Bic, new Kernel.Common.Money(invoice.OpenMinor, "EUR"), invoice.Number))
            : null;
        return new BankTransferDetails(profile.LegalName, BankDetails.FormatIban(iban), profile.Bic, profile.BankName, invoice.OpenMinor, invoice.Currency, invoice.Number, qr);
    }

    public async ValueTask<bool> Handle(RecordProviderFee command, CancellationToken cancellationToken)
    {
        var payment = await db.Set<Payment>().SingleOrDefaultAsync(p => p.Id == command.PaymentId && p.Provider != null, cancellationToken)
            ?? throw new Kernel.Security.NotFoundException("Payment");
        if (payment.FeeMinor is not null || command.FeeMinor < 0)
        {
            return false;
        }

        payment.FeeMinor = command.FeeMinor;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async ValueTask<PayableInvoice?> Handle(PayableInvoiceQuery query, CancellationToken cancellationToken)
    {
        var invoice = await db.Set<Invoice>().AsNoTracking()
            .SingleOrDefaultAsync(i => i.Id == query.InvoiceId && i.Kind == DocumentKind.Invoice && i.Number != null, cancellationToken);
        if (invoice is null)
        {
            return null;
        }

        var settings = await terms.SettingsAsync(invoice.ClientId, cancellationToken);
        return new PayableInvoice(invoice.Id, invoice.ClientId, invoice.Number!, invoice.Currency, invoice.Language, invoice.GrossMinor,
            Math.Max(0, InvoiceBalances.Open(invoice)), invoice.Status.ToString(), settings.AcceptBankTransfer, settings.AcceptCard, settings.AcceptCrypto);
    }

    public async ValueTask<ProviderPaymentOutcome> Handle(RecordProviderPayment command, CancellationToken cancellationToken) =>
        await payments.RecordFromProviderAsync(command, cancellationToken);

    public async ValueTask<ProviderPaymentOutcome> Handle(RecordProviderRefunds command, CancellationToken cancellationToken) =>
        await payments.RecordProviderRefundsAsync(command, cancellationToken);

    public async ValueTask<DisputedInvoice> Handle(FlagProviderDispute command, CancellationToken cancellationToken)
    {
        var invoiceId = await db.Set<Payment>().Where(p => p.Provider == command.Provider && p.ProviderReference == command.PaymentReference)
            .Select(p => (Guid?)p.InvoiceId).SingleOrDefaultAsync(cancellationToken) ?? throw new Kernel.Security.NotFoundException("Payment");
        var invoice = await db.Set<Invoice>().SingleAsync(i => i.Id == invoiceId, cancellationToken);
        if (invoice.DisputedAt is not null)
        {
            return new DisputedInvoice(invoice.Id, invoice.Number!, false);
        }

        var amount = new Kernel.Common.Money(command.AmountMinor, command.Currency).Format(System.Globalization.CultureInfo.InvariantCulture);
        invoice.DisputedAt = clock.GetUtcNow().UtcDateTime;
        var note = $"{command.Provider}: {command.Reason} ({amount})";
        invoice.DisputeNote = note.Length > 300 ? note[..300] : note;
        events.Publish(new InvoiceDisputed(invoice.TenantId, invoice.Id, invoice.ClientId, invoice.Number!, command.Provider, command.Reason, command.AmountMinor, command.Currency));
        await db.SaveChangesAsync(cancellationToken);
        return new DisputedInvoice(invoice.Id, invoice.Number!, true);
    }

    public async ValueTask<IReadOnlyList<ProviderPayment>> Handle(ProviderPaymentsQuery query, CancellationToken cancellationToken)
    {
        var rows = await db.Set<Payment>().AsNoTracking().Where(p => p.InvoiceId == query.InvoiceId && p.Provider != null)
            .OrderBy(p => p.RecordedAt).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.InvoiceId, Provider = p.Provider!, Reference = p.ProviderReference!, p.AmountMinor, p.FeeMinor, p.Currency, p.PaidOn })
            .ToListAsync(cancellationToken);
        return rows.Where(p => p.AmountMinor > 0).Select(p => new ProviderPayment(p.Id, p.InvoiceId, p.Provider, p.Reference, p.AmountMinor,
            -rows.Where(r => r.Provider == p.Provider && r.Reference.StartsWith(p.Reference + Domain.Payments.RefundedTo, StringComparison.Ordinal)).Sum(r => r.AmountMinor),
            p.FeeMinor, p.Currency, p.PaidOn)).ToList();
    }
}
