using System.Net;
using System.Text;
using System.Text.Json;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Payments.Domain;
using CrmSaaS.Tests.Billing;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace CrmSaaS.Tests.Payments;

/// <summary>
/// Stripe's word, verified and taken in once: a signed checkout.session.completed pays the invoice it
/// names; the same event a hundred times (some at once) and a second event for the same payment record
/// one payment; a wrong, missing or old signature is refused with 400 and records nothing; an event
/// naming another team's invoice changes nothing in either team. Stripe itself is the edge of the
/// world: the tests sign events with Stripe.net's own signing code.
/// </summary>
public sealed class StripeWebhooksShould(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>A signing secret made for this run: the tests sign with it as Stripe would.</summary>
    private static readonly string Secret = "whsec_" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private async Task<(TimeWorld World, Guid Invoice, HttpClient Hook)> ConnectedAsync()
    {
        var (world, manager, id, _) = await BillingApp.IssuedAsync(app); // 416.50 EUR
        var connected = await manager.PostFormAsync("/payments/settings?handler=Stripe", new() { ["Stripe.ApiKey"] = "rk_test_abcdefgh12345678", ["Stripe.WebhookSecret"] = Secret }, tokenFrom: "/payments/settings");
        Assert.Equal(HttpStatusCode.Redirect, connected.StatusCode);
        return (world, id, app.Browser(world.Team.Host).Client);
    }

    private string Event(string id, Guid team, Guid invoice, long amount, string currency = "eur", string paymentIntent = "pi_1", string status = "paid", string type = "checkout.session.completed") =>
        JsonSerializer.Serialize(new
        {
            id, @object = "event", api_version = StripeConfiguration.ApiVersion, created = app.Clock.GetUtcNow().ToUnixTimeSeconds(), type, livemode = false,
            data = new
            {
                @object = new
                {
                    id = "cs_test_" + paymentIntent, @object = "checkout.session", payment_status = status, amount_total = amount, currency, payment_intent = paymentIntent,
                    metadata = new Dictionary<string, string> { ["team"] = team.ToString(), ["invoice"] = invoice.ToString() },
                },
            },
        });

    private StringContent Signed(string json, string? secret = null, DateTimeOffset? at = null)
    {
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        content.Headers.Add("Stripe-Signature", EventUtility.GenerateSignatureHeader(json, secret ?? Secret, (at ?? app.Clock.GetUtcNow()).ToUnixTimeSeconds()));
        return content;
    }

    private Task<List<Payment>> PaymentsAsync(TimeWorld world) =>
        world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<Payment>().AsNoTracking().ToListAsync());

    [Fact]
    public async Task PayTheInvoiceOnceHoweverOftenStripeDeliversTheEvent()
    {
        var (world, invoice, hook) = await ConnectedAsync();
        var json = Event("evt_1", world.Team.Tenant.Id, invoice, 41650);

        var first = await hook.PostAsync("/payments/webhooks/stripe", Signed(json));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("recorded", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => hook.PostAsync("/payments/webhooks/stripe", Signed(json))));
        for (var i = 0; i < 79; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await hook.PostAsync("/payments/webhooks/stripe", Signed(json))).StatusCode);
        }

        // Another event about the same payment (async_payment_succeeded after completed) adds nothing either.
        await hook.PostAsync("/payments/webhooks/stripe", Signed(Event("evt_2", world.Team.Tenant.Id, invoice, 41650, type: "checkout.session.async_payment_succeeded")));

        var payment = Assert.Single(await PaymentsAsync(world));
        Assert.Equal((41650L, "stripe", "pi_1", CrmSaaS.Plugins.Billing.Domain.PaymentMethod.Card), (payment.AmountMinor, payment.Provider, payment.ProviderReference, payment.Method));
        Assert.Equal(InvoiceStatus.Paid, (await BillingApp.InvoiceAsync(world, invoice)).Status);
        var events = await world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<WebhookEvent>().AsNoTracking().OrderBy(e => e.EventId).ToListAsync());
        Assert.Equal([("evt_1", "recorded"), ("evt_2", "already recorded")], events.Select(e => (e.EventId, e.Outcome)));
    }

    [Fact]
    public async Task RefuseAWrongMissingOrOldSignatureAndRecordNothing()
    {
        var (world, invoice, hook) = await ConnectedAsync();
        var json = Event("evt_bad", world.Team.Tenant.Id, invoice, 41650);

        Assert.Equal(HttpStatusCode.BadRequest, (await hook.PostAsync("/payments/webhooks/stripe", Signed(json, "whsec_" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await hook.PostAsync("/payments/webhooks/stripe", new StringContent(json, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await hook.PostAsync("/payments/webhooks/stripe", Signed(json, at: app.Clock.GetUtcNow().AddMinutes(-10)))).StatusCode);
        var tampered = Signed(json);
        tampered = new StringContent(json.Replace("41650", "1", StringComparison.Ordinal), Encoding.UTF8, "application/json");
        tampered.Headers.Add("Stripe-Signature", Signed(json).Headers.GetValues("Stripe-Signature"));
        Assert.Equal(HttpStatusCode.BadRequest, (await hook.PostAsync("/payments/webhooks/stripe", tampered)).StatusCode);

        Assert.Empty(await PaymentsAsync(world));
        Assert.Equal(0, await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<WebhookEvent>().CountAsync()));
    }

    [Fact]
    public async Task ChangeNothingForAnotherTeamsInvoice()
    {
        var (a, invoiceA, _) = await ConnectedAsync();
        var (b, invoiceB, hookB) = await ConnectedAsync();

        // Team B's endpoint, B's secret, but the session names team A's invoice: nothing happens in either team.
        var foreign = await hookB.PostAsync("/payments/webhooks/stripe", Signed(Event("evt_x", a.Team.Tenant.Id, invoiceA, 41650)));
        var aimed = await hookB.PostAsync("/payments/webhooks/stripe", Signed(Event("evt_y", b.Team.Tenant.Id, invoiceA, 41650, paymentIntent: "pi_y")));

        Assert.Contains("not this team's invoice", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("no such invoice", await aimed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await PaymentsAsync(a));
        Assert.Empty(await PaymentsAsync(b));
        Assert.Equal(InvoiceStatus.Issued, (await BillingApp.InvoiceAsync(a, invoiceA)).Status);
        Assert.Equal(InvoiceStatus.Issued, (await BillingApp.InvoiceAsync(b, invoiceB)).Status);
    }

    [Fact]
    public async Task LeaveAPartialPaymentPartlyPaidAndKeepAnOverpaymentAsCredit()
    {
        var (world, invoice, hook) = await ConnectedAsync();

        await hook.PostAsync("/payments/webhooks/stripe", Signed(Event("evt_p1", world.Team.Tenant.Id, invoice, 20000, paymentIntent: "pi_a")));
        Assert.Equal(InvoiceStatus.PartiallyPaid, (await BillingApp.InvoiceAsync(world, invoice)).Status);
        await hook.PostAsync("/payments/webhooks/stripe", Signed(Event("evt_p2", world.Team.Tenant.Id, invoice, 30000, paymentIntent: "pi_b")));

        var paid = await BillingApp.InvoiceAsync(world, invoice);
        Assert.Equal((InvoiceStatus.Paid, 41650L), (paid.Status, paid.PaidMinor));
        Assert.Equal(8350L, (await PaymentsAsync(world)).Sum(p => p.OverpaidMinor));

        // Unpaid (an async method still pending) and a wrong currency change nothing.
        await hook.PostAsync("/payments/webhooks/stripe", Signed(Event("evt_p3", world.Team.Tenant.Id, invoice, 100, paymentIntent: "pi_c", status: "unpaid")));
        var wrong = await hook.PostAsync("/payments/webhooks/stripe", Signed(Event("evt_p4", world.Team.Tenant.Id, invoice, 100, currency: "usd", paymentIntent: "pi_d")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Equal(2, (await PaymentsAsync(world)).Count);
    }

    private string Refunded(string id, string paymentIntent, long refundedTotal, string currency = "eur") => JsonSerializer.Serialize(new
    {
        id, @object = "event", api_version = StripeConfiguration.ApiVersion, created = app.Clock.GetUtcNow().ToUnixTimeSeconds(), type = "charge.refunded", livemode = false,
        data = new { @object = new { id = "ch_" + paymentIntent, @object = "charge", amount = 41650, amount_refunded = refundedTotal, currency, payment_intent = paymentIntent, refunded = refundedTotal >= 41650 } },
    });

    [Fact]
    public async Task RecordRefundsOnceWhateverTheOrderAndReopenTheInvoice()
    {
        var (world, invoice, hook) = await ConnectedAsync();
        await hook.PostAsync("/payments/webhooks/stripe", Signed(Event("evt_paid", world.Team.Tenant.Id, invoice, 41650, paymentIntent: "pi_r")));

        await hook.PostAsync("/payments/webhooks/stripe", Signed(Refunded("evt_r1", "pi_r", 10000)));
        await hook.PostAsync("/payments/webhooks/stripe", Signed(Refunded("evt_r1", "pi_r", 10000)));
        var part = await BillingApp.InvoiceAsync(world, invoice);
        Assert.Equal((InvoiceStatus.PartiallyPaid, 31650L), (part.Status, part.PaidMinor));

        // The whole charge refunded; then an older report of the first part arrives late: nothing more.
        await hook.PostAsync("/payments/webhooks/stripe", Signed(Refunded("evt_r2", "pi_r", 41650)));
        var late = await hook.PostAsync("/payments/webhooks/stripe", Signed(Refunded("evt_r0", "pi_r", 5000)));
        Assert.Contains("refund already recorded", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var reopened = await BillingApp.InvoiceAsync(world, invoice);
        Assert.Equal((0L, 41650L), (reopened.PaidMinor, InvoiceBalances.Open(reopened)));
        Assert.NotEqual(InvoiceStatus.Paid, reopened.Status);
        Assert.Equal([-31650L, -10000L, 41650L], (await PaymentsAsync(world)).Select(p => p.AmountMinor).Order());

        // A refund of a payment that is not this team's changes nothing; a manager cannot delete a card payment by hand.
        var unknown = await hook.PostAsync("/payments/webhooks/stripe", Signed(Refunded("evt_r3", "pi_elsewhere", 100)));
        Assert.Contains("not this team's payment", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var url = $"/billing/invoices/{invoice}";
        var card = (await PaymentsAsync(world)).Single(p => p.AmountMinor > 0);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await manager.PostFormAsync(url + "?handler=DeletePayment", new() { ["paymentId"] = card.Id.ToString() }, tokenFrom: url)).StatusCode);
        Assert.Equal(3, (await PaymentsAsync(world)).Count);
    }

    [Fact]
    public async Task FlagADisputedInvoiceOnceAndTellTheManagers()
    {
        var (world, invoice, hook) = await ConnectedAsync();
        await hook.PostAsync("/payments/webhooks/stripe", Signed(Event("evt_pd", world.Team.Tenant.Id, invoice, 41650, paymentIntent: "pi_d1")));
        string Dispute(string id) => JsonSerializer.Serialize(new
        {
            id, @object = "event", api_version = StripeConfiguration.ApiVersion, created = app.Clock.GetUtcNow().ToUnixTimeSeconds(), type = "charge.dispute.created", livemode = false,
            data = new { @object = new { id = "dp_1", @object = "dispute", amount = 41650, currency = "eur", reason = "fraudulent", payment_intent = "pi_d1", charge = "ch_d1", status = "needs_response" } },
        });

        await hook.PostAsync("/payments/webhooks/stripe", Signed(Dispute("evt_dp1")));
        await hook.PostAsync("/payments/webhooks/stripe", Signed(Dispute("evt_dp1")));
        var again = await hook.PostAsync("/payments/webhooks/stripe", Signed(Dispute("evt_dp2")));

        Assert.Contains("dispute already flagged", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var disputed = await BillingApp.InvoiceAsync(world, invoice);
        Assert.NotNull(disputed.DisputedAt);
        Assert.Equal("stripe: fraudulent (416.50 EUR)", disputed.DisputeNote);
        var mail = Assert.Single(await app.OutboxAsync(world.Manager.Email), m => m.Subject.Contains("disputed", StringComparison.Ordinal));
        Assert.Contains($"/billing/invoices/{invoice}", mail.TextBody, StringComparison.Ordinal);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        Assert.Contains("is disputed: stripe: fraudulent", await manager.GetStringAsync($"/billing/invoices/{invoice}"), StringComparison.Ordinal);
    }
}
