using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Billing.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Contracts;

public sealed class PaymentHandlers(AppDbContext db, BillingTerms terms, Payments payments)
    : IQueryHandler<PayableInvoiceQuery, PayableInvoice?>, IRequestHandler<RecordProviderPayment, ProviderPaymentOutcome>,
    IRequestHandler<RecordProviderRefunds, ProviderPaymentOutcome>
{
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
}
