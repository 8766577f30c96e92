using System.Net;
using System.Text;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Tests.Billing;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Projects;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace CrmSaaS.Tests.Payments;

/// <summary>A team whose client pays online: an issued 416.50 EUR invoice, its contact signed in to the portal, and Stripe connected when asked.</summary>
public sealed record PayingWorld(TimeWorld World, Browser Manager, Browser Contact, Guid Invoice, string ContactEmail, string StripeKey, string StripeSecret)
{
    public string Page => $"/portal/invoices/{Invoice}/pay";

    /// <summary>A Stripe event signed with the team's webhook secret, as Stripe sends it.</summary>
    public StringContent Signed(string json, DateTimeOffset at)
    {
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        content.Headers.Add("Stripe-Signature", EventUtility.GenerateSignatureHeader(json, StripeSecret, at.ToUnixTimeSeconds()));
        return content;
    }
}

public static class PaymentsApp
{
    /// <param name="stripe">Connect a Stripe account of its own (a key the fake Stripe takes, made for this team).</param>
    public static async Task<PayingWorld> PayingAsync(AppFactory app, bool acceptCard = true, bool acceptCrypto = false, bool stripe = true)
    {
        var (world, manager, id, _) = await BillingApp.IssuedAsync(app); // 416.50 EUR
        var contact = await world.AsAsync(sp => sp.GetRequiredService<CrmSaaS.Plugins.Crm.Contracts.ICrmDirectory>().Contacts.Where(c => c.ClientId == world.Client)
            .Select(c => new { c.Id, c.Email }).SingleAsync());
        await world.AsAsync(async sp =>
        {
            var settings = await sp.GetRequiredService<AppDbContext>().Set<ClientBillingSettings>().SingleAsync(s => s.ClientId == world.Client);
            (settings.AcceptCard, settings.AcceptCrypto) = (acceptCard, acceptCrypto);
            sp.GetRequiredService<AppDbContext>().Add(new ClientBillingContact { ClientId = world.Client, ContactId = contact.Id });
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        var key = "rk_test_good" + Guid.NewGuid().ToString("N");
        var secret = "whsec_" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        if (stripe)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/payments/settings?handler=Stripe",
                new() { ["Stripe.ApiKey"] = key, ["Stripe.WebhookSecret"] = secret }, tokenFrom: "/payments/settings")).StatusCode);
        }

        await ProjectsApp.InviteAsync(manager, world.Project, contact.Id);
        return new PayingWorld(world, manager, await ProjectsApp.AcceptAsync(app, world.Team, contact.Email!), id, contact.Email!, key, secret);
    }

    /// <summary>The contact clicks "pay by card": the id of the Checkout Session they are sent to.</summary>
    public static async Task<string> CheckoutAsync(PayingWorld paying)
    {
        var started = await paying.Contact.PostFormAsync(paying.Page + "?handler=Card", [], tokenFrom: paying.Page);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var url = started.Headers.Location!.OriginalString;
        Assert.Contains("/portal/test-mode/stripe/cs_test_", url, StringComparison.Ordinal);
        return url[(url.LastIndexOf('/') + 1)..];
    }

    public static Task<List<Payment>> PaymentsAsync(TimeWorld world) =>
        world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<Payment>().AsNoTracking().OrderBy(p => p.RecordedAt).ToListAsync());
}
