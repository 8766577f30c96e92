using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSaaS.E2E;

/// <summary>The app as `dotnet run` starts it in Development: the demo team seeded, payments in TEST MODE.</summary>
public sealed class DemoTeamServer : AppServer
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Payments:TestMode", "true");
    }

    public string DemoTeam => Team(DatabaseStartup.DemoTeam);

    /// <summary>The demo's portal contact (a billing contact of their client) and their client's issued invoice.</summary>
    public async Task<(string Email, Guid Invoice, string Gross)> PortalInvoiceAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Identifier == DatabaseStartup.DemoTeam);
        using var _ = CrmSaaS.Kernel.Tenancy.TenantContext.BeginScope(tenant.ToInfo());
        var member = await db.Set<ProjectMember>().AsNoTracking().Where(m => m.UserId != null && m.ContactId != null && m.Email != null).Join(db.Set<Project>(), m => m.ProjectId, p => p.Id, (m, p) => new { m.Email, p.ClientId }).FirstAsync();
        var invoice = await db.Set<Invoice>().AsNoTracking().FirstAsync(i => i.ClientId == member.ClientId && i.Number != null && i.Kind == DocumentKind.Invoice);
        return (member.Email!, invoice.Id, new CrmSaaS.Kernel.Common.Money(invoice.GrossMinor, invoice.Currency).Format(System.Globalization.CultureInfo.GetCultureInfo("en")));
    }

    /// <summary>A fresh browser signed in to the demo team with the demo password.</summary>
    public async Task<IPage> SignInAsync(string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(DemoTeam + "/account/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DatabaseStartup.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("^(?!.*signin)"));
        return page;
    }
}

public class PaymentsShould(DemoTeamServer app) : IClassFixture<DemoTeamServer>
{
    [Fact]
    public async Task LetTheClientPayByCardThenInCryptoAfterARefundWhileTheTeamWatches()
    {
        var (email, invoice, gross) = await app.PortalInvoiceAsync();
        var payUrl = app.Team(DatabaseStartup.DemoTeam) + $"/portal/invoices/{invoice}/pay";
        var invoiceUrl = app.Team(DatabaseStartup.DemoTeam) + $"/billing/invoices/{invoice}";

        // The client contact pays by card on the simulated Stripe checkout and lands back on a paid invoice.
        var contact = await app.SignInAsync(email);
        await contact.GetByRole(AriaRole.Link, new() { Name = "Invoices" }).ClickAsync();
        await AppServer.ShotAsync(contact, "portal-invoices");
        await contact.Locator("#portal-invoices").GetByRole(AriaRole.Link, new() { Name = "Pay" }).First.ClickAsync();
        await Expect(contact).ToHaveURLAsync(payUrl);
        await Expect(contact.Locator("[data-test-mode]")).ToBeVisibleAsync();
        await Expect(contact.Locator("#pay-open")).ToHaveTextAsync(gross);
        await AppServer.ShotAsync(contact, "portal-pay");
        await contact.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("by card") }).ClickAsync();
        await Expect(contact.GetByRole(AriaRole.Heading, new() { Name = "Card checkout (simulated Stripe)" })).ToBeVisibleAsync();
        await Expect(contact.Locator("[data-test-mode]")).ToBeVisibleAsync();
        await Expect(contact.Locator("#checkout-amount")).ToHaveTextAsync(gross);
        await AppServer.ShotAsync(contact, "test-mode-stripe");
        await contact.Locator("#checkout-pay").ClickAsync();
        await Expect(contact.Locator("#pay-done")).ToBeVisibleAsync();
        await Expect(contact.Locator("#pay-open")).ToHaveTextAsync(Regex.Replace(gross, "[0-9.,]+", "0.00"));

        // The manager sees the card payment with its fee and refunds it in full from the invoice page.
        var manager = await app.SignInAsync("olivia@demo.test");
        await manager.GotoAsync(invoiceUrl);
        await Expect(manager.Locator("#online-payments")).ToContainTextAsync("Stripe");
        await AppServer.ShotAsync(manager, "invoice-online-payments");
        await manager.GetByRole(AriaRole.Link, new() { Name = "Refund…" }).ClickAsync();
        await Expect(manager.Locator("#refundable")).ToHaveTextAsync(gross);
        manager.Dialog += (_, dialog) => dialog.AcceptAsync();
        await manager.GetByRole(AriaRole.Button, new() { Name = "Refund", Exact = true }).ClickAsync();
        await Expect(manager.Locator("#invoice-open")).ToHaveTextAsync(gross);

        // The contact's pay page, still open, shows the refund by itself (a live refresh reloads it).
        await Expect(contact.Locator("#pay-open")).ToHaveTextAsync(gross, new() { Timeout = 20_000 });

        // With the invoice page still open, the contact pays again, in crypto: the page updates by itself.
        await GotoPastLiveRefreshAsync(contact, payUrl);
        await contact.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("in crypto") }).ClickAsync();
        await Expect(contact.GetByRole(AriaRole.Heading, new() { Name = "Crypto checkout (simulated BTCPay Server)" })).ToBeVisibleAsync();
        await AppServer.ShotAsync(contact, "test-mode-btcpay");
        await contact.Locator("#checkout-pay").ClickAsync();
        await Expect(contact.Locator("#pay-done")).ToBeVisibleAsync();

        await Expect(manager.Locator("#invoice-open")).ToHaveTextAsync(Regex.Replace(gross, "[0-9.,]+", "0.00"), new() { Timeout = 20_000 });
        await Expect(manager.Locator("#online-payments")).ToContainTextAsync("BTCPay Server");
        await AppServer.ShotAsync(manager, "invoice-paid-live");
    }

    /// <summary>
    /// Opens <paramref name="url"/> on a page that may be reloading itself at that moment (a live refresh
    /// after an event or its poll): a navigation the reload interrupts is made again once the reload is done.
    /// </summary>
    private static async Task GotoPastLiveRefreshAsync(IPage page, string url)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.GotoAsync(url);
                return;
            }
            catch (PlaywrightException e) when (attempt < 3 && e.Message.Contains("interrupted by another navigation", StringComparison.Ordinal))
            {
                await page.WaitForLoadStateAsync();
            }
        }
    }
}
