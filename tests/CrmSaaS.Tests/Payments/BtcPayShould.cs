using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Payments.Domain;
using CrmSaaS.Tests.Billing;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Projects;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Payments;

/// <summary>
/// Paying in crypto through BTCPay Server: an invoice per attempt for the open balance; deliveries
/// signed with BTCPay-Sig (HMAC-SHA256) taken in once, the invoice fetched again and only its own
/// status trusted — Settled pays, a partial, excess or late payment waits for review, Expired closes
/// the attempt; a wrong signature is a 400. BTCPay Server answers from <see cref="CrmSaaS.Plugins.Payments.TestMode.FakeBtcPayServer"/>.
/// </summary>
public sealed class BtcPayShould(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Secret = "btcpay-webhook-secret";

    private async Task<(TimeWorld World, Browser Contact, Guid Invoice, HttpClient Hook)> CryptoAsync()
    {
        var (world, manager, id, _) = await BillingApp.IssuedAsync(app); // 416.50 EUR
        var contact = await world.AsAsync(sp => sp.GetRequiredService<CrmSaaS.Plugins.Crm.Contracts.ICrmDirectory>().Contacts.Where(c => c.ClientId == world.Client).Select(c => new { c.Id, c.Email }).SingleAsync());
        await world.AsAsync(async sp =>
        {
            (await sp.GetRequiredService<AppDbContext>().Set<ClientBillingSettings>().SingleAsync(s => s.ClientId == world.Client)).AcceptCrypto = true;
            sp.GetRequiredService<AppDbContext>().Add(new ClientBillingContact { ClientId = world.Client, ContactId = contact.Id });
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/payments/settings?handler=BtcPay", new()
        {
            ["BtcPay.ServerUrl"] = "https://btcpay.test", ["BtcPay.StoreId"] = "Store1234Abcd", ["BtcPay.ApiKey"] = "btcpay-good-api-key-123", ["BtcPay.WebhookSecret"] = Secret,
        }, tokenFrom: "/payments/settings")).StatusCode);
        await ProjectsApp.InviteAsync(manager, world.Project, contact.Id);
        return (world, await ProjectsApp.AcceptAsync(app, world.Team, contact.Email!), id, app.Browser(world.Team.Host).Client);
    }

    private static StringContent Delivery(string deliveryId, string invoiceId, string? original = null, string secret = Secret)
    {
        var json = JsonSerializer.Serialize(new { deliveryId, originalDeliveryId = original ?? deliveryId, isRedelivery = original is not null, type = "InvoiceSettled", invoiceId, storeId = "Store1234Abcd" });
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        content.Headers.Add("BTCPay-Sig", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(json))));
        return content;
    }

    private async Task<string> StartAsync(Browser contact, Guid invoice)
    {
        var page = $"/portal/invoices/{invoice}/pay";
        Assert.Contains("in crypto", await contact.GetStringAsync(page), StringComparison.Ordinal);
        var started = await contact.PostFormAsync(page + "?handler=Crypto", [], tokenFrom: page);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var link = started.Headers.Location!.OriginalString;
        Assert.Contains("/portal/test-mode/btcpay/BTC", link, StringComparison.Ordinal);
        return link[(link.LastIndexOf('/') + 1)..];
    }

    private Task<List<Payment>> PaymentsAsync(TimeWorld world) =>
        world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<Payment>().AsNoTracking().ToListAsync());

    private Task<PaymentAttempt> AttemptAsync(TimeWorld world) =>
        world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<PaymentAttempt>().AsNoTracking().SingleAsync());

    [Fact]
    public async Task PayOnceWhenTheServerSaysSettledNotWhenTheDeliveryDoes()
    {
        var (world, contact, invoice, hook) = await CryptoAsync();
        var btcpay = await StartAsync(contact, invoice);
        var created = app.BtcPay.Invoices[btcpay];
        Assert.Equal(("416.5", "EUR", world.Team.Tenant.Id.ToString(), invoice.ToString()),
            (created["amount"]!.GetValue<string>(), created["currency"]!.GetValue<string>(), created["metadata"]!["team"]!.GetValue<string>(), created["metadata"]!["invoice"]!.GetValue<string>()));

        // The delivery says "settled", but the server still says New: nothing is paid.
        var early = await hook.PostAsync("/payments/webhooks/btcpay", Delivery("d1", btcpay));
        Assert.Contains("waiting: New", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await PaymentsAsync(world));

        app.BtcPay.Set(btcpay, "Settled");
        await hook.PostAsync("/payments/webhooks/btcpay", Delivery("d2", btcpay));
        await hook.PostAsync("/payments/webhooks/btcpay", Delivery("d3", btcpay, original: "d2"));
        await hook.PostAsync("/payments/webhooks/btcpay", Delivery("d4", btcpay));

        var payment = Assert.Single(await PaymentsAsync(world));
        Assert.Equal((41650L, "btcpay", btcpay, PaymentMethod.Crypto), (payment.AmountMinor, payment.Provider, payment.ProviderReference, payment.Method));
        Assert.Equal(InvoiceStatus.Paid, (await BillingApp.InvoiceAsync(world, invoice)).Status);
        Assert.Equal(AttemptStatus.Paid, (await AttemptAsync(world)).Status);
    }

    [Fact]
    public async Task SendPartialOverAndLatePaymentsToReviewAndCloseExpiredOnes()
    {
        var (world, contact, invoice, hook) = await CryptoAsync();
        var btcpay = await StartAsync(contact, invoice);

        app.BtcPay.Set(btcpay, "Expired", "PaidPartial");
        var partial = await hook.PostAsync("/payments/webhooks/btcpay", Delivery("p1", btcpay));
        Assert.Contains("to review: PaidPartial", await partial.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((AttemptStatus.Review, "PaidPartial"), ((await AttemptAsync(world)).Status, (await AttemptAsync(world)).ReviewReason));
        Assert.Empty(await PaymentsAsync(world));
        Assert.Equal(InvoiceStatus.Issued, (await BillingApp.InvoiceAsync(world, invoice)).Status);

        // A manager records what arrived (the audit log names them) after a wrong amount was refused.
        var manager = await app.SignInAsync(world.Team, world.Manager);
        const string Reviews = "/payments/reviews";
        var attemptId = (await AttemptAsync(world)).Id.ToString();
        Assert.Contains("PaidPartial", await manager.GetStringAsync(Reviews), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await manager.PostFormAsync(Reviews + "?handler=Record", new() { ["attemptId"] = attemptId, ["Amount"] = "0.001" }, tokenFrom: Reviews)).StatusCode);
        var sales = await app.SignInAsync(world.Team, world.Team[CrmSaaS.Kernel.Security.TeamRole.SalesManager]);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetAsync(Reviews)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(Reviews + "?handler=Record", new() { ["attemptId"] = attemptId, ["Amount"] = "200" }, tokenFrom: Reviews)).StatusCode);
        Assert.Equal((InvoiceStatus.PartiallyPaid, 20000L), ((await BillingApp.InvoiceAsync(world, invoice)).Status, (await BillingApp.InvoiceAsync(world, invoice)).PaidMinor));
        Assert.Equal(AttemptStatus.Paid, (await AttemptAsync(world)).Status);
        var audited = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Kernel.Audit.AuditEntry>().AsNoTracking()
            .AnyAsync(a => a.EntityType == nameof(PaymentAttempt) && a.EntityId == attemptId && a.UserId == world.Manager.UserId));
        Assert.True(audited);
        Assert.Contains("Nothing to review.", await manager.GetStringAsync(Reviews), StringComparison.Ordinal);

        var (other, otherContact, otherInvoice, otherHook) = await CryptoAsync();
        var expiring = await StartAsync(otherContact, otherInvoice);
        app.BtcPay.Set(expiring, "Expired");
        await otherHook.PostAsync("/payments/webhooks/btcpay", Delivery("e1", expiring));
        Assert.Equal(AttemptStatus.Expired, (await AttemptAsync(other)).Status);
    }

    [Fact]
    public async Task RefuseAWrongSignatureAndAnotherTeamsInvoice()
    {
        var (world, contact, invoice, hook) = await CryptoAsync();
        var btcpay = await StartAsync(contact, invoice);
        app.BtcPay.Set(btcpay, "Settled");

        Assert.Equal(HttpStatusCode.BadRequest, (await hook.PostAsync("/payments/webhooks/btcpay", Delivery("w1", btcpay, secret: "guessed"))).StatusCode);
        var (_, _, _, otherHook) = await CryptoAsync();
        var foreign = await otherHook.PostAsync("/payments/webhooks/btcpay", Delivery("w2", btcpay));

        Assert.Contains("not this team's invoice", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await PaymentsAsync(world));
    }
}
