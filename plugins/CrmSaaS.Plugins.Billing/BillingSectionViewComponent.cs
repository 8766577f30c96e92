using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Billing.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing;

/// <summary>The client's billing on its page: how it is invoiced, what is open, its latest documents.</summary>
public sealed record ClientBillingSummary(Guid ClientId, ClientBillingSettings Settings, long OpenMinor, string Currency, IReadOnlyList<Invoice> Latest, DateOnly Today);

public sealed class ClientBillingSectionViewComponent(AppDbContext db, BillingTerms terms) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid entityId)
    {
        var ct = HttpContext.RequestAborted;
        var invoices = db.Set<Invoice>().AsNoTracking().Where(i => i.ClientId == entityId);
        var open = await invoices.Where(i => i.Kind == DocumentKind.Invoice && (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.Sent || i.Status == InvoiceStatus.PartiallyPaid))
            .GroupBy(i => i.Currency).Select(g => new { g.Key, Sum = g.Sum(i => i.GrossMinor) }).ToListAsync(ct);
        var latest = await invoices.OrderByDescending(i => i.CreatedAt).Take(5).ToListAsync(ct);
        var currency = open.FirstOrDefault()?.Key ?? latest.FirstOrDefault()?.Currency ?? "EUR";
        return View("~/Areas/Billing/Pages/Shared/Components/ClientBillingSection.cshtml",
            new ClientBillingSummary(entityId, await terms.SettingsAsync(entityId, ct), open.Sum(o => o.Sum), currency, latest, await terms.TodayAsync(ct)));
    }
}

/// <summary>On a contact's page: whether the contact is a billing contact of their client (receives its invoices, sees and pays them in the portal).</summary>
public sealed record ContactBillingSummary(Guid? ClientId, bool IsBillingContact);

public sealed class ContactBillingSectionViewComponent(AppDbContext db, Crm.Contracts.ICrmDirectory crm) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid entityId)
    {
        var ct = HttpContext.RequestAborted;
        var clientId = await crm.Contacts.Where(c => c.Id == entityId).Select(c => c.ClientId).SingleOrDefaultAsync(ct);
        var billing = clientId is { } client && await db.Set<ClientBillingContact>().AnyAsync(b => b.ContactId == entityId && b.ClientId == client, ct);
        return View("~/Areas/Billing/Pages/Shared/Components/ContactBillingSection.cshtml", new ContactBillingSummary(clientId, billing));
    }
}
