using System.Diagnostics;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Payments.Domain;
using CrmSaaS.Plugins.Payments.TestMode;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe.Checkout;

namespace CrmSaaS.Benchmarks;

/// <summary>
/// webhooks: Stripe events for a team's open invoices — nine in ten a paid checkout, one in ten an
/// expired one — with one delivery in ten a duplicate of another, all shuffled. Each delivery is taken in
/// as the endpoint does it (its own scope, the signature checked over the body, the inbox, the payment
/// recorded through Billing), Stripe answering from the TEST MODE fake in the process (the fee lookup
/// included). At the end the payments must be exactly the distinct paid events.
/// </summary>
public static class WebhooksBenchmark
{
    public static async Task RunAsync(int events)
    {
        await using var app = await BenchmarkApp.StartAsync(new Dictionary<string, string> { ["Payments:TestMode"] = "true" });
        var (team, manager) = await app.CreateTeamAsync("hooks");
        var distinct = events - events / 10;
        var seed = Stopwatch.StartNew();
        var (deliveries, paid) = await SeedAsync(app, team, manager, distinct, events);
        Console.WriteLine($"seeded {distinct} invoices and their checkouts, {deliveries.Count} deliveries ({paid} paid) in {seed.Elapsed.TotalSeconds:F1} s");

        var samples = new List<double>(deliveries.Count);
        var total = Stopwatch.StartNew();
        foreach (var json in deliveries)
        {
            var watch = Stopwatch.StartNew();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                using var tenantScope = TenantContext.BeginScope(team);
                await scope.ServiceProvider.GetRequiredService<TestModeDelivery>().StripeAsync(json, default);
            }

            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        total.Stop();
        int payments, received, paidInvoices;
        await using (var scope = app.Act(team, manager, TeamRole.OrganizationManager))
        {
            var db = scope.Services.GetRequiredService<AppDbContext>();
            payments = await db.Set<Payment>().CountAsync();
            received = await db.Set<WebhookEvent>().CountAsync();
            paidInvoices = await db.Set<Invoice>().CountAsync(i => i.Status == InvoiceStatus.Paid);
        }

        if (payments != paid || paidInvoices != paid || received != distinct)
        {
            throw new InvalidOperationException($"{payments} payments and {paidInvoices} paid invoices for {paid} paid events; {received} events received of {distinct}");
        }

        Console.WriteLine($"machine: {BenchmarkApp.Machine()}");
        Console.WriteLine($"total {total.Elapsed.TotalSeconds:F1} s, {deliveries.Count / total.Elapsed.TotalSeconds:F0} deliveries/s");
        Console.WriteLine($"webhooks events={deliveries.Count} payments={payments} p50_ms={BenchmarkApp.Percentile(samples, 0.50):F2} p99_ms={BenchmarkApp.Percentile(samples, 0.99):F2}");
    }

    /// <summary>Issued invoices (as rows: issuing is measured elsewhere), a checkout at the fake Stripe for each, paid or expired; the events, with duplicates, shuffled.</summary>
    private static async Task<(List<string> Deliveries, int Paid)> SeedAsync(BenchmarkApp app, TenantInfo team, Guid manager, int distinct, int events)
    {
        var invoices = new List<Guid>();
        await using (var scope = app.Act(team, manager, TeamRole.OrganizationManager))
        {
            var db = scope.Services.GetRequiredService<AppDbContext>();
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var today = DateOnly.FromDateTime(now);
            var client = new Client { Name = "Webhook Client", Status = ClientStatus.Active, ResponsibleManagerId = manager, CreatedBy = manager, CreatedAt = now, UpdatedAt = now, Country = "DE" };
            db.Add(client);
            db.Add(new ClientBillingSettings { ClientId = client.Id, AcceptCard = true });
            for (var i = 0; i < distinct; i++)
            {
                var gross = 10_000L + i;
                var invoice = new Invoice
                {
                    Kind = DocumentKind.Invoice, ClientId = client.Id, Number = $"2026-{i + 1:00000}", Status = InvoiceStatus.Sent, Currency = "EUR", PeriodTo = today, IssueDate = today,
                    DueDate = today.AddDays(14), BuyerName = client.Name, NetMinor = gross, GrossMinor = gross, CreatedAt = now, IssuedAt = now, SentAt = now,
                };
                db.Add(invoice);
                invoices.Add(invoice.Id);
            }

            await db.SaveChangesAsync();
        }

        var testMode = app.Services.GetRequiredService<PaymentsTestMode>();
        var key = testMode.Credentials(team.Id, PaymentProvider.Stripe).ApiKey;
        var unique = new List<string>(distinct);
        var paid = 0;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sessions = new SessionService(scope.ServiceProvider.GetRequiredService<StripeConnection>().Client(key));
            for (var i = 0; i < distinct; i++)
            {
                var session = await sessions.CreateAsync(new SessionCreateOptions
                {
                    Mode = "payment", SuccessUrl = "https://hooks.example/paid", CancelUrl = "https://hooks.example/",
                    Metadata = new() { ["team"] = team.Id.ToString(), ["invoice"] = invoices[i].ToString() },
                    LineItems = [new() { Quantity = 1, PriceData = new() { Currency = "eur", UnitAmount = 10_000 + i, ProductData = new() { Name = "Invoice" } } }],
                });
                var expire = i % 10 == 9;
                unique.Add(expire ? testMode.Stripe.Expire(session.Id) : testMode.Stripe.Pay(session.Id));
                paid += expire ? 0 : 1;
            }
        }

        var random = new Random(42);
        var deliveries = new List<string>(unique);
        for (var i = distinct; i < events; i++)
        {
            deliveries.Add(unique[random.Next(unique.Count)]);
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deliveries));
        return (deliveries, paid);
    }
}
