using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// Tells both sides when a provider's payment or refund of an invoice is recorded: the client's billing
/// recipients in the invoice's language (with the portal's link), and the invoice's owners on the team —
/// the client's managers, or the Organization Managers when it has none — each in their own language.
/// Runs once per event (the emails are written with the record that it ran).
/// </summary>
[ActsAs("payment notices", BillingPermissions.Read)]
public sealed class PaymentNotices(AppDbContext db, Documents.InvoiceDocuments documents, ICrmDirectory crm, IEmailOutbox outbox, ITenantContext tenant, TenantUrls urls,
    IStringLocalizer<Kernel.Localization.SharedResource> l) : IIntegrationEventHandler<InvoicePaymentChanged>
{
    public async Task HandleAsync(InvoicePaymentChanged change, CancellationToken cancellationToken)
    {
        var invoice = await db.Set<Invoice>().AsNoTracking().Where(i => i.Id == change.InvoiceId).Select(i => new { i.Language, i.BuyerName }).SingleOrDefaultAsync(cancellationToken);
        if (invoice is null)
        {
            return;
        }

        var team = tenant.Tenant!;
        var refund = change.AmountMinor < 0;
        var amount = new Money(Math.Abs(change.AmountMinor), change.Currency);
        var open = new Money(change.OpenMinor, change.Currency);
        var method = change.Provider == "stripe" ? "Card" : change.Provider == "btcpay" ? "Crypto" : "Other";

        foreach (var to in await documents.RecipientsAsync(change.ClientId, cancellationToken))
        {
            using var _ = UiCulture.Use(invoice.Language);
            outbox.Enqueue(to, refund ? l["Refund for invoice {0}", change.Number] : l["Payment received for invoice {0}", change.Number],
                (refund ? l["We refunded {0} of your payment of invoice {1}. Open now: {2}.", amount.Format(), change.Number, open.Format()]
                    : l["Thank you: we received {0} ({1}) for invoice {2}. Still open: {3}.", amount.Format(), l[method], change.Number, open.Format()])
                + "\n\n" + urls.ForTeam(team.Identifier, $"/portal/invoices/{change.InvoiceId}/pay") + "\n");
        }

        var owners = await crm.ClientManagers.Where(m => m.ClientId == change.ClientId).Select(m => m.UserId).ToListAsync(cancellationToken);
        var members = await db.Memberships.Where(m => owners.Count == 0 ? m.Role == TeamRole.OrganizationManager : owners.Contains(m.UserId))
            .Select(m => new { m.User!.Email, m.User.Culture }).ToListAsync(cancellationToken);
        foreach (var member in members.Where(m => m.Email is not null))
        {
            using var _ = UiCulture.Use(member.Culture);
            outbox.Enqueue(member.Email!, refund ? l["Refunded: {0} of invoice {1}", amount.Format(), change.Number] : l["Paid online: {0} for invoice {1}", amount.Format(), change.Number],
                l["{0} ({1}) for invoice {2} of {3}. Open now: {4}; status: {5}.", (refund ? "-" : "") + amount.Format(), l[method], change.Number, invoice.BuyerName, open.Format(),
                    l[Enum.TryParse<InvoiceStatus>(change.Status, out var status) ? InvoiceStates.Label(status) : change.Status]] + "\n\n" + urls.ForTeam(team.Identifier, $"/billing/invoices/{change.InvoiceId}") + "\n");
        }
    }
}
