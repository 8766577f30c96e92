using System.Net;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Payments.Domain;
using CrmSaaS.Plugins.Payments.TestMode;
using CrmSaaS.Tests.Billing;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Payments;

/// <summary>
/// A card payment from checkout to refund, with Stripe played by <see cref="FakeStripeServer"/>: the fee
/// read afterwards from the charge's balance transaction; both sides told by email; the invoice page told to
/// reload; refunds from the invoice page made once however often the form is sent, and the later
/// webhook adding nothing; a lost event found by the reconcile job; yen and dinar amounts exact; a
/// write that fails between receiving and recording leaves nothing, and the redelivery records it once.
/// </summary>
public sealed partial class PaymentLifecycleShould(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(PayingWorld Paying, string Session)> PaidAsync()
    {
        var paying = await PaymentsApp.PayingAsync(app);
        var session = await PaymentsApp.CheckoutAsync(paying);
        var delivered = await app.Browser(paying.World.Team.Host).Client.PostAsync("/payments/webhooks/stripe", paying.Signed(app.Stripe.Pay(session), app.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        return (paying, session);
    }

    [Fact]
    public async Task RecordTheFeeTellBothSidesAndRefreshTheInvoicePage()
    {
        var (paying, _) = await PaidAsync();
        var world = paying.World;

        // Recorded at once; the fee is asked of Stripe afterwards, off the webhook's path.
        var payment = Assert.Single(await PaymentsAsync(world));
        Assert.Equal((41650L, (long?)null, PaymentMethod.Card), (payment.AmountMinor, payment.FeeMinor, payment.Method));
        await app.Services.GetRequiredService<IntegrationEventDispatcher>().DispatchDueAsync();
        await app.Services.GetRequiredService<IntegrationEventDispatcher>().DispatchDueAsync();
        Assert.Equal(FakeStripeServer.FeeFor(41650), Assert.Single(await PaymentsAsync(world)).FeeMinor);
        Assert.Equal(650L, FakeStripeServer.FeeFor(41650)); // 1.5 % of 416.50 = 6.25, and 0.25

        // The emails go out once, however often the dispatcher runs.
        var toClient = Assert.Single(await app.OutboxAsync(paying.ContactEmail), m => m.Subject.Contains("Payment received", StringComparison.Ordinal));
        Assert.Contains("416.50", toClient.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/portal/invoices/{paying.Invoice}/pay", toClient.TextBody, StringComparison.Ordinal);
        var toOwner = Assert.Single(await app.OutboxAsync(world.Manager.Email), m => m.Subject.Contains("Paid online", StringComparison.Ordinal));
        Assert.Contains("Open now: 0.00", toOwner.TextBody, StringComparison.Ordinal);

        // The invoice page, open since before the payment, is told to reload; once current, it is not.
        var url = $"/billing/invoices/{paying.Invoice}";
        var before = await paying.Manager.GetAsync(url + "?handler=Live&stamp=Issued.0.0.0");
        Assert.Equal((HttpStatusCode.NoContent, "true"), (before.StatusCode, before.Headers.GetValues("HX-Refresh").Single()));
        Assert.Contains("Paid.41650.0.0", await paying.Manager.GetStringAsync(url), StringComparison.Ordinal);
        Assert.False((await paying.Manager.GetAsync(url + "?handler=Live&stamp=Paid.41650.0.0")).Headers.Contains("HX-Refresh"));
        var portal = await paying.Contact.GetAsync(paying.Page + "?handler=Live&stamp=Issued.41650");
        Assert.True(portal.Headers.Contains("HX-Refresh"));
    }

    [GeneratedRegex("name=\"RequestId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex RequestIdField();

    [Fact]
    public async Task RefundFromTheInvoicePageOnceAndLetTheWebhookAddNothing()
    {
        var (paying, _) = await PaidAsync();
        var world = paying.World;
        var card = Assert.Single(await PaymentsAsync(world));
        var page = $"/payments/invoices/{paying.Invoice}/refunds/{card.Id}";
        Assert.Contains("Refund…", await paying.Manager.GetStringAsync($"/billing/invoices/{paying.Invoice}"), StringComparison.Ordinal);
        var form = await paying.Manager.GetStringAsync(page);
        var requestId = RequestIdField().Match(form).Groups[1].Value;

        var tooMuch = await paying.Manager.PostFormAsync(page, new() { ["RequestId"] = requestId, ["Amount"] = "500.00" }, tokenFrom: page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        Assert.Contains("at most 416.50", await tooMuch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var first = await paying.Manager.PostFormAsync(page, new() { ["RequestId"] = requestId, ["Amount"] = "100.00" }, tokenFrom: page);
        var again = await paying.Manager.PostFormAsync(page, new() { ["RequestId"] = requestId, ["Amount"] = "100.00" }, tokenFrom: page);
        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, again.StatusCode));

        var refunded = app.Stripe.Events(paying.StripeKey).Where(e => e.Contains("\"charge.refunded\"", StringComparison.Ordinal)).ToList();
        Assert.Single(refunded);
        Assert.Equal([-10000L, 41650L], (await PaymentsAsync(world)).Select(p => p.AmountMinor).Order());
        var invoice = await BillingApp.InvoiceAsync(world, paying.Invoice);
        Assert.Equal((InvoiceStatus.PartiallyPaid, 31650L), (invoice.Status, invoice.PaidMinor));
        var request = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<RefundRequest>().AsNoTracking().SingleAsync());
        Assert.Equal((RefundStatus.Done, 10000L, world.Manager.UserId), (request.Status, request.AmountMinor, request.RequestedBy!.Value));
        // In the audit log under the manager who asked.
        var audited = await world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Kernel.Audit.AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == nameof(RefundRequest) && a.EntityId == request.Id.ToString()).Select(a => a.UserId).ToListAsync());
        Assert.NotEmpty(audited);
        Assert.All(audited, by => Assert.Equal(world.Manager.UserId, by!.Value));

        // Stripe's charge.refunded arrives afterwards: the refund is there already.
        var late = await app.Browser(world.Team.Host).Client.PostAsync("/payments/webhooks/stripe", paying.Signed(refunded[0], app.Clock.GetUtcNow()));
        Assert.Contains("refund already recorded", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, (await PaymentsAsync(world)).Count);

        // The rest, on a new form; then nothing is left to refund.
        var rest = RequestIdField().Match(await paying.Manager.GetStringAsync(page)).Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await paying.Manager.PostFormAsync(page, new() { ["RequestId"] = rest, ["Amount"] = "316.50" }, tokenFrom: page)).StatusCode);
        Assert.Equal(0L, (await BillingApp.InvoiceAsync(world, paying.Invoice)).PaidMinor);
        Assert.Contains("refunded in full", await paying.Manager.GetStringAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepRefundsToManagersOfTheTeam()
    {
        var (paying, _) = await PaidAsync();
        var (other, _) = await PaidAsync();
        var card = Assert.Single(await PaymentsAsync(paying.World));
        var page = $"/payments/invoices/{paying.Invoice}/refunds/{card.Id}";

        var member = await app.SignInAsync(paying.World.Team, paying.World.Team[TeamRole.TeamMember]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(page)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await paying.Contact.GetAsync(page)).StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, (await paying.Contact.PostFormAsync(page, new() { ["RequestId"] = Guid.NewGuid().ToString(), ["Amount"] = "1" }, tokenFrom: paying.Page)).StatusCode);
        // Another team's manager, on their own site, finds no such payment.
        Assert.Equal(HttpStatusCode.NotFound, (await other.Manager.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Manager.PostFormAsync(page, new() { ["RequestId"] = Guid.NewGuid().ToString(), ["Amount"] = "1" }, tokenFrom: "/payments/settings")).StatusCode);
        Assert.Single(await PaymentsAsync(paying.World));
    }

    [Fact]
    public async Task FindAnEventThatNeverArrivedWhenReconciling()
    {
        var paying = await PaymentsApp.PayingAsync(app);
        var world = paying.World;
        var lost = app.Stripe.Pay(await PaymentsApp.CheckoutAsync(paying)); // paid at Stripe; the webhook never comes

        var found = await ReconcileAsync(world);
        Assert.Equal(1, found.Applied);
        Assert.Equal(InvoiceStatus.Paid, (await BillingApp.InvoiceAsync(world, paying.Invoice)).Status);
        Assert.Equal(0, (await ReconcileAsync(world)).Applied);

        // The delivery turns up after all: received already.
        var late = await app.Browser(world.Team.Host).Client.PostAsync("/payments/webhooks/stripe", paying.Signed(lost, app.Clock.GetUtcNow()));
        Assert.Contains(WebhookInbox.AlreadyReceived, await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await PaymentsAsync(world));
    }

    [Fact]
    public async Task LetAManagerFetchMissedEventsFromTheSettingsPage()
    {
        var paying = await PaymentsApp.PayingAsync(app);
        app.Stripe.Pay(await PaymentsApp.CheckoutAsync(paying)); // the webhook never comes
        const string Settings = "/payments/settings";

        var member = await app.SignInAsync(paying.World.Team, paying.World.Team[TeamRole.TeamMember]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostFormAsync(Settings + "?handler=Reconcile", [], tokenFrom: "/")).StatusCode);
        Assert.Empty(await PaymentsAsync(paying.World));

        Assert.Equal(HttpStatusCode.Redirect, (await paying.Manager.PostFormAsync(Settings + "?handler=Reconcile", [], tokenFrom: Settings)).StatusCode);
        Assert.Contains("1 of them had not arrived", await paying.Manager.GetStringAsync(Settings), StringComparison.Ordinal);
        Assert.Equal(InvoiceStatus.Paid, (await BillingApp.InvoiceAsync(paying.World, paying.Invoice)).Status);
        await paying.Manager.PostFormAsync(Settings + "?handler=Reconcile", [], tokenFrom: Settings);
        Assert.Contains("0 of them had not arrived", await paying.Manager.GetStringAsync(Settings), StringComparison.Ordinal);
        Assert.Single(await PaymentsAsync(paying.World));
    }

    /// <summary>The daily job's work in the team, as the job does it (each event in its own unit of work).</summary>
    private Task<ReconcileResult> ReconcileAsync(Time.TimeWorld world) => app.WithScopeAsync(async sp =>
    {
        using var actor = SystemActor.Begin(typeof(ScheduledStripeReconcile));
        return await sp.GetRequiredService<StripeReconcile>().RunAsync(CancellationToken.None);
    }, world.Team.Tenant);

    [Theory]
    [InlineData("JPY", 41650L, "41650")] // ¥41,650: yen have no minor unit
    [InlineData("KWD", 416500L, "416500")] // 416.500 KWD: a dinar is 1,000 fils
    public async Task PayYenAndDinarsExactly(string currency, long openMinor, string stripeAmount)
    {
        var paying = await PaymentsApp.PayingAsync(app);
        var world = paying.World;
        // The invoice as Billing issues one in that currency: the amounts are its minor units.
        await world.AsAsync(async sp =>
        {
            var invoice = await sp.GetRequiredService<AppDbContext>().Set<Invoice>().SingleAsync(i => i.Id == paying.Invoice);
            (invoice.Currency, invoice.GrossMinor) = (currency, openMinor);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });

        var session = await PaymentsApp.CheckoutAsync(paying);
        var form = app.Stripe.Created.Single(f => f["metadata[invoice]"] == paying.Invoice.ToString());
        Assert.Equal((stripeAmount, currency.ToLowerInvariant()), (form["line_items[0][price_data][unit_amount]"], form["line_items[0][price_data][currency]"]));
        await app.Browser(world.Team.Host).Client.PostAsync("/payments/webhooks/stripe", paying.Signed(app.Stripe.Pay(session), app.Clock.GetUtcNow()));

        var payment = Assert.Single(await PaymentsAsync(world));
        Assert.Equal((openMinor, currency, 0L), (payment.AmountMinor, payment.Currency, payment.OverpaidMinor));
        Assert.Equal(InvoiceStatus.Paid, (await BillingApp.InvoiceAsync(world, paying.Invoice)).Status);
    }

    [Fact]
    public async Task RecordOnceWhenTheWriteFailsBetweenReceivingAndRecording()
    {
        var paying = await PaymentsApp.PayingAsync(app);
        var world = paying.World;
        var json = app.Stripe.Pay(await PaymentsApp.CheckoutAsync(paying));
        var hook = app.Browser(world.Team.Host).Client;

        // The database fails the moment the event is written, after the payment was: like a crash there, nothing of it stays.
        await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync(TestDatabase.IsPostgres
            ? """
              CREATE FUNCTION crash_on_record() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk gone'; END $$;
              CREATE TRIGGER crash_on_record BEFORE INSERT ON "PayWebhookEvents" FOR EACH ROW EXECUTE FUNCTION crash_on_record();
              """
            : "CREATE TRIGGER crash_on_record BEFORE INSERT ON PayWebhookEvents BEGIN SELECT RAISE(ABORT, 'disk gone'); END"));
        try
        {
            var failed = await hook.PostAsync("/payments/webhooks/stripe", paying.Signed(json, app.Clock.GetUtcNow()));
            Assert.False(failed.IsSuccessStatusCode); // Stripe delivers again whatever the error
            Assert.Empty(await PaymentsAsync(world));
            Assert.Equal(InvoiceStatus.Issued, (await BillingApp.InvoiceAsync(world, paying.Invoice)).Status);
        }
        finally
        {
            await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync(TestDatabase.IsPostgres
                ? "DROP TRIGGER crash_on_record ON \"PayWebhookEvents\"; DROP FUNCTION crash_on_record();"
                : "DROP TRIGGER crash_on_record"));
        }

        // Stripe delivers again (it does, for an error): recorded now, and once.
        Assert.Contains("\"recorded\"", await (await hook.PostAsync("/payments/webhooks/stripe", paying.Signed(json, app.Clock.GetUtcNow()))).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await hook.PostAsync("/payments/webhooks/stripe", paying.Signed(json, app.Clock.GetUtcNow()));
        Assert.Single(await PaymentsAsync(world));
        Assert.Equal(InvoiceStatus.Paid, (await BillingApp.InvoiceAsync(world, paying.Invoice)).Status);
    }

    private static Task<List<Payment>> PaymentsAsync(Time.TimeWorld world) => PaymentsApp.PaymentsAsync(world);

    [Fact]
    public async Task ShowTheAccountReferenceAndGiroCodeForABankTransfer()
    {
        var paying = await PaymentsApp.PayingAsync(app);
        Assert.DoesNotContain("id=\"bank-transfer\"", await paying.Contact.GetStringAsync(paying.Page), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await paying.Manager.PostFormAsync("/billing/settings", InvoicePagesShould.Profile(), tokenFrom: "/billing/settings")).StatusCode);
        var page = await paying.Contact.GetStringAsync(paying.Page);
        Assert.Contains("id=\"bank-transfer\"", page, StringComparison.Ordinal);
        Assert.Contains("DE89 3704 0044 0532 0130 00", page, StringComparison.Ordinal);
        Assert.Contains("Pixel &amp; Partner GmbH", page, StringComparison.Ordinal);
        Assert.Contains((await BillingApp.InvoiceAsync(paying.World, paying.Invoice)).Number!, page, StringComparison.Ordinal);
        Assert.Matches("<svg[^>]+aria-label=\"GiroCode for your banking app\"", page);

        // Paid: nothing is left to transfer.
        await app.Browser(paying.World.Team.Host).Client.PostAsync("/payments/webhooks/stripe", paying.Signed(app.Stripe.Pay(await PaymentsApp.CheckoutAsync(paying)), app.Clock.GetUtcNow()));
        Assert.DoesNotContain("id=\"bank-transfer\"", await paying.Contact.GetStringAsync(paying.Page), StringComparison.Ordinal);
    }
}
