using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Plugins.Billing;

/// <summary>
/// The demo team bills like a small German agency: a complete billing profile, exchange rates for its
/// other currencies, one client invoiced weekly, every client paying by card and crypto as well, and for
/// each client with time last month an issued invoice for it (the first also a draft for this month).
/// </summary>
internal static class BillingDemoData
{
    public static async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var db = services.GetRequiredService<AppDbContext>();
        var terms = services.GetRequiredService<BillingTerms>();
        db.Add(new BillingProfile
        {
            LegalName = "Demo Agentur GmbH", Street = "Musterstraße 1", PostalCode = "10115", City = "Berlin", Country = "DE",
            VatId = "DE123456789", TaxNumber = "30/123/45678", ContactName = "Olivia Manager", ContactEmail = "billing@demo.example", ContactPhone = "+49 30 1234567",
            Iban = "DE89370400440532013000", Bic = "COBADEFFXXX", BankName = "Demo Bank", Footer = "Demo Agentur GmbH · Amtsgericht Berlin HRB 12345",
            PaymentTermDays = 14, VatRate = 19m,
        });

        // Rates for the demo's other currencies, so their time and invoices convert (and state their VAT in EUR).
        var today = await terms.TodayAsync(cancellationToken);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        foreach (var (currency, rate) in new[] { ("CHF", 1.06m), ("USD", 0.92m), ("GBP", 1.17m) })
        {
            db.Add(new ExchangeRate { From = currency, To = "EUR", Rate = rate, Day = today.AddYears(-1), Source = "manual", CreatedAt = now });
        }

        // Two reminder levels: a friendly one a week after the due date, a second with a fee two weeks later.
        db.Add(new DunningLevel { Level = 1, DaysAfterDue = 7 });
        db.Add(new DunningLevel { Level = 2, DaysAfterDue = 21, Fee = 5m });
        await db.SaveChangesAsync(cancellationToken);

        var clients = await services.GetRequiredService<ICrmDirectory>().Clients.Where(c => c.Status == ClientStatus.Active).OrderBy(c => c.Name).Select(c => c.Id).ToListAsync(cancellationToken);
        if (clients.Count == 0)
        {
            return;
        }

        var weekly = await db.Set<ClientBillingSettings>().SingleOrDefaultAsync(s => s.ClientId == clients[0], cancellationToken);
        if (weekly is not null)
        {
            weekly.Schedule = BillingSchedule.Weekly;
            weekly.Grouping = LineGrouping.Task;
        }

        // The demo clients pay online too: in TEST MODE through the built-in fake providers.
        foreach (var settings in await db.Set<ClientBillingSettings>().ToListAsync(cancellationToken))
        {
            (settings.AcceptCard, settings.AcceptCrypto) = (true, true);
        }

        var drafting = services.GetRequiredService<InvoiceDrafting>();
        var issuing = services.GetRequiredService<InvoiceIssuing>();
        var lastMonthEnd = new DateOnly(today.Year, today.Month, 1).AddDays(-1);
        foreach (var client in clients)
        {
            var issued = await drafting.DraftForClientAsync(client, lastMonthEnd, allowEmpty: false, cancellationToken);
            if (issued is null)
            {
                continue;
            }

            try
            {
                await issuing.IssueAsync(issued.Id, lastMonthEnd.AddDays(1), cancellationToken);
            }
            catch (Kernel.Validation.ValidationFailedException)
            {
                // Left a draft: the demo shows one, too.
                continue;
            }

            if (client == clients[0])
            {
                await drafting.DraftForClientAsync(client, today, allowEmpty: false, cancellationToken);
            }
        }

        // Each client's representatives receive its invoices and, in the portal, see and pay them.
        var representatives = await services.GetRequiredService<Crm.Contracts.ICrmDirectory>().Contacts
            .Where(c => c.ClientId != null && c.IsRepresentative && c.Email != null).Select(c => new { c.Id, ClientId = c.ClientId!.Value })
            .ToListAsync(cancellationToken);
        db.AddRange(representatives.Select(r => new ClientBillingContact { ClientId = r.ClientId, ContactId = r.Id }));
        await db.SaveChangesAsync(cancellationToken);
    }
}
