using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// Erasing a contact: they are no billing contact any more, and the reminders that went to their
/// address no longer name it. Issued invoices are kept as they are — the law requires them for years,
/// and they are addressed to the client; the person drops out of the client's recipients from now on.
/// </summary>
public sealed class BillingErasure(AppDbContext db, IStringLocalizer<Kernel.Localization.SharedResource> l) : IContactErasure
{
    public async Task<string?> EraseAsync(ErasedContact contact, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        if (await db.Set<ClientBillingContact>().Where(b => b.ContactId == contact.ContactId).ExecuteDeleteAsync(cancellationToken) > 0)
        {
            parts.Add(l["No longer a billing contact"].Value);
        }

        if (contact.Email is { Length: > 0 } email)
        {
            var reminders = await db.Set<InvoiceReminder>().Where(r => r.SentTo != null && r.SentTo.Contains(email)).ToListAsync(cancellationToken);
            foreach (var reminder in reminders)
            {
                reminder.SentTo = string.Join(", ", reminder.SentTo!.Split(", ").Select(a => string.Equals(a, email, StringComparison.OrdinalIgnoreCase) ? "erased" : a));
            }

            await db.SaveChangesAsync(cancellationToken);
            if (reminders.Count > 0)
            {
                parts.Add(l["{0} reminders no longer name the address", reminders.Count].Value);
            }
        }

        var issued = contact.ClientId is { } client ? await db.Set<Invoice>().CountAsync(i => i.ClientId == client && i.Number != null, cancellationToken) : 0;
        if (issued > 0)
        {
            parts.Add(l["{0} issued invoices of the client kept for the legal retention period", issued].Value);
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
