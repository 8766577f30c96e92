using System.Net;
using System.Text;
using System.Text.Json;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Payments.Domain;
using CrmSaaS.Tests.Billing;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Projects;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace CrmSaaS.Tests.Payments;

/// <summary>
/// A client contact pays an invoice of their client by card: one Checkout Session for the open balance
/// in minor units with team, invoice and attempt in its metadata, reused on a second click, paid when
/// Stripe's signed event arrives; another client's contact and team members cannot reach the page.
/// Stripe answers from <see cref="CrmSaaS.Plugins.Payments.TestMode.FakeStripeServer"/>.
/// </summary>
public sealed class StripeCheckoutShould(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>A signing secret made for this run, for connecting by hand.</summary>
    private static readonly string Secret = "whsec_" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private async Task<(TimeWorld World, Browser Manager, Browser Contact, Guid Invoice)> PayableAsync(bool acceptCard = true)
    {
        var paying = await PaymentsApp.PayingAsync(app, acceptCard);
        return (paying.World, paying.Manager, paying.Contact, paying.Invoice);
    }

    [Fact]
    public async Task OpenOneSessionForTheOpenBalanceAndSettleWhenStripeSaysItIsPaid()
    {
        var paying = await PaymentsApp.PayingAsync(app);
        var (world, contact, invoice) = (paying.World, paying.Contact, paying.Invoice);
        var page = $"/portal/invoices/{invoice}/pay";
        Assert.Contains("by card", await contact.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Contains($"href=\"{page}\"", await contact.GetStringAsync("/portal/invoices"), StringComparison.Ordinal);

        var first = await contact.PostFormAsync(page + "?handler=Card", [], tokenFrom: page);
        var second = await contact.PostFormAsync(page + "?handler=Card", [], tokenFrom: page);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var url = first.Headers.Location!.OriginalString;
        Assert.Contains("/portal/test-mode/stripe/cs_test_", url, StringComparison.Ordinal);
        Assert.Equal(url, second.Headers.Location!.OriginalString);
        var attempt = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<PaymentAttempt>().AsNoTracking().SingleAsync());
        var form = app.Stripe.Created.Single(f => f["metadata[invoice]"] == invoice.ToString());
        Assert.Equal(("payment", "41650", "eur", world.Team.Tenant.Id.ToString(), attempt.Id.ToString()),
            (form["mode"], form["line_items[0][price_data][unit_amount]"], form["line_items[0][price_data][currency]"], form["metadata[team]"], form["metadata[attempt]"]));
        Assert.True(app.Stripe.SessionsByIdempotencyKey.ContainsKey("checkout-" + attempt.Id));

        // Stripe's event for that session pays the invoice and closes the attempt.
        var sessionId = url[(url.LastIndexOf('/') + 1)..];
        var json = JsonSerializer.Serialize(new
        {
            id = "evt_" + sessionId, @object = "event", api_version = StripeConfiguration.ApiVersion, created = app.Clock.GetUtcNow().ToUnixTimeSeconds(), type = "checkout.session.completed",
            data = new { @object = new { id = sessionId, @object = "checkout.session", payment_status = "paid", amount_total = 41650, currency = "eur", payment_intent = "pi_" + sessionId,
                metadata = new Dictionary<string, string> { ["team"] = form["metadata[team]"], ["invoice"] = form["metadata[invoice]"], ["attempt"] = form["metadata[attempt]"] } } },
        });
        Assert.Equal(HttpStatusCode.OK, (await app.Browser(world.Team.Host).Client.PostAsync("/payments/webhooks/stripe", paying.Signed(json, app.Clock.GetUtcNow()))).StatusCode);

        Assert.Equal(InvoiceStatus.Paid, (await BillingApp.InvoiceAsync(world, invoice)).Status);
        Assert.Equal(AttemptStatus.Paid, (await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<PaymentAttempt>().AsNoTracking().SingleAsync())).Status);
        Assert.Contains("This invoice is paid.", await contact.GetStringAsync(page + "?returned=true"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await contact.PostFormAsync(page + "?handler=Card", [], tokenFrom: page)).StatusCode);
    }

    [Fact]
    public async Task KeepThePageToTheClientsOwnContacts()
    {
        var (world, manager, _, invoice) = await PayableAsync();
        var (_, _, otherContact, otherInvoice) = await PayableAsync();
        var page = $"/portal/invoices/{invoice}/pay";

        // A contact of another team's client (signed in on that team's site) does not see it; nor do team members.
        Assert.Equal(HttpStatusCode.NotFound, (await otherContact.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherContact.PostFormAsync($"/portal/invoices/{invoice}/pay?handler=Card", [], tokenFrom: $"/portal/invoices/{otherInvoice}/pay")).StatusCode);
        Assert.DoesNotContain(app.Stripe.Created, f => f["metadata[invoice]"] == invoice.ToString());
    }

    [Fact]
    public async Task HideAnInvoiceFromAContactOfAnotherClientOfTheSameTeam()
    {
        var (world, manager, _, invoice) = await PayableAsync();
        var otherClient = Crm.CrmApp.IdIn(await manager.PostFormAsync("/crm/clients/new", Crm.CrmApp.ClientForm("Other Client", world.Manager.UserId)));
        var email = $"olga.{Guid.NewGuid():N}@other.test";
        var otherContact = await Crm.CrmApp.CreateContactAsync(manager, "Olga", "Other", world.Manager.UserId, email, otherClient);
        await ProjectsApp.InviteAsync(manager, await ProjectsApp.CreateProjectAsync(manager, otherClient, "Other project"), otherContact);
        var olga = await ProjectsApp.AcceptAsync(app, world.Team, email, "Olga Other");
        // Olga sees and pays her own client's invoices: it has none.
        await BillingApp.BillingContactAsync(app, world.Team.Tenant, otherClient, otherContact);

        Assert.Equal(HttpStatusCode.NotFound, (await olga.GetAsync($"/portal/invoices/{invoice}/pay")).StatusCode);
        Assert.Contains("id=\"no-invoices\"", await olga.GetStringAsync("/portal/invoices"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await olga.PostFormAsync($"/portal/invoices/{invoice}/pay?handler=Card", [], tokenFrom: "/portal/projects")).StatusCode);
    }

    [Fact]
    public async Task RefuseCardsTheClientDoesNotPayWithAndSayWhenStripeIsDown()
    {
        var (world, _, contact, invoice) = await PayableAsync(acceptCard: false);
        var page = $"/portal/invoices/{invoice}/pay";
        Assert.DoesNotContain("by card", await contact.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await contact.PostFormAsync(page + "?handler=Card", [], tokenFrom: page)).StatusCode);

        await world.AsAsync(async sp =>
        {
            (await sp.GetRequiredService<AppDbContext>().Set<ClientBillingSettings>().SingleAsync(s => s.ClientId == world.Client)).AcceptCard = true;
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        app.Stripe.Down = true;
        try
        {
            var down = await contact.PostFormAsync(page + "?handler=Card", [], tokenFrom: page);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, down.StatusCode);
            Assert.Contains("not available just now", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(AttemptStatus.Failed, (await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<PaymentAttempt>().AsNoTracking().SingleAsync())).Status);
        }
        finally
        {
            app.Stripe.Down = false;
        }
    }

    [Fact]
    public async Task TestTheConnectionWithStripe()
    {
        var (world, manager, _, _) = await PayableAsync();
        const string Settings = "/payments/settings";

        await manager.PostFormAsync(Settings + "?handler=Test", new() { ["provider"] = "Stripe" }, tokenFrom: Settings);
        Assert.Contains("Connected and tested", await manager.GetStringAsync(Settings), StringComparison.Ordinal);

        await manager.PostFormAsync(Settings + "?handler=Stripe", new() { ["Stripe.ApiKey"] = "rk_test_wrong1234567", ["Stripe.WebhookSecret"] = Secret }, tokenFrom: Settings);
        await manager.PostFormAsync(Settings + "?handler=Test", new() { ["provider"] = "Stripe" }, tokenFrom: Settings);
        var page = await manager.GetStringAsync(Settings);
        Assert.Contains("Connected, not tested", page, StringComparison.Ordinal);
        Assert.DoesNotContain("rk_test_wrong", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, page, StringComparison.Ordinal);
        var stored = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<ProviderAccount>().AsNoTracking().SingleAsync());
        Assert.DoesNotContain("rk_test_wrong", stored.ProtectedApiKey, StringComparison.Ordinal);
        var audit = await world.AsAsync(async sp => string.Join(" ", await sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Kernel.Audit.AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == nameof(ProviderAccount)).Select(a => a.Changes).ToListAsync()));
        Assert.DoesNotContain(stored.ProtectedApiKey, audit, StringComparison.Ordinal);

        var member = await app.SignInAsync(world.Team, world.Team[TeamRole.SalesManager]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(Settings)).StatusCode);
    }
}
