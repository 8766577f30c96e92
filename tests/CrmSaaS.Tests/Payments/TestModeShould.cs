using System.Net;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Payments.Domain;
using CrmSaaS.Plugins.Payments.TestMode;
using CrmSaaS.Tests.Billing;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace CrmSaaS.Tests.Payments;

/// <summary>
/// TEST MODE: a team without provider accounts pays through the built-in fake Stripe and BTCPay servers,
/// end to end over HTTP — the portal's button, the simulated checkout page, the signed webhook, the
/// invoice paid — every page of it marked TEST MODE. In Production it never starts, whatever the settings.
/// </summary>
public sealed class TestModeShould(TestModeShould.TestModeApp app) : IClassFixture<TestModeShould.TestModeApp>
{
    public sealed class TestModeApp : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Payments:TestMode", "true");
        }
    }

    [Fact]
    public async Task PayByCardThroughTheFakeStripeAndSayItIsATest()
    {
        var paying = await PaymentsApp.PayingAsync(app, stripe: false);
        Assert.Contains("TEST MODE", await paying.Contact.GetStringAsync(paying.Page), StringComparison.Ordinal);

        var session = await PaymentsApp.CheckoutAsync(paying);
        var checkout = $"/portal/test-mode/stripe/{session}";
        var page = await paying.Contact.GetStringAsync(checkout);
        Assert.Contains("TEST MODE", page, StringComparison.Ordinal);
        Assert.Contains("416.50", page, StringComparison.Ordinal);

        var paid = await paying.Contact.PostFormAsync(checkout + "?handler=Pay", [], tokenFrom: checkout);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.EndsWith(paying.Page + "?returned=true", paid.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(InvoiceStatus.Paid, (await BillingApp.InvoiceAsync(paying.World, paying.Invoice)).Status);
        await app.Services.GetRequiredService<CrmSaaS.Kernel.Events.IntegrationEventDispatcher>().DispatchDueAsync();
        var payment = Assert.Single(await PaymentsApp.PaymentsAsync(paying.World));
        Assert.Equal((41650L, 650L), (payment.AmountMinor, payment.FeeMinor));
        Assert.Contains("This invoice is paid.", await paying.Contact.GetStringAsync(paying.Page + "?returned=true"), StringComparison.Ordinal);
        Assert.Contains("TEST MODE", await paying.Manager.GetStringAsync($"/billing/invoices/{paying.Invoice}"), StringComparison.Ordinal);

        // Paying the same session again changes nothing.
        await paying.Contact.PostFormAsync(checkout + "?handler=Pay", [], tokenFrom: checkout);
        Assert.Single(await PaymentsApp.PaymentsAsync(paying.World));
    }

    [Fact]
    public async Task PayInCryptoThroughTheFakeBtcPayServer()
    {
        var paying = await PaymentsApp.PayingAsync(app, acceptCard: false, acceptCrypto: true, stripe: false);
        var started = await paying.Contact.PostFormAsync(paying.Page + "?handler=Crypto", [], tokenFrom: paying.Page);
        var link = started.Headers.Location!.OriginalString;
        Assert.Contains("/portal/test-mode/btcpay/BTC", link, StringComparison.Ordinal);
        var checkout = new Uri(link).AbsolutePath;
        Assert.Contains("TEST MODE", await paying.Contact.GetStringAsync(checkout), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await paying.Contact.PostFormAsync(checkout + "?handler=Pay", [], tokenFrom: checkout)).StatusCode);
        Assert.Equal(InvoiceStatus.Paid, (await BillingApp.InvoiceAsync(paying.World, paying.Invoice)).Status);
        var payment = Assert.Single(await PaymentsApp.PaymentsAsync(paying.World));
        Assert.Equal(("btcpay", 41650L, PaymentMethod.Crypto), (payment.Provider, payment.AmountMinor, payment.Method));
    }

    [Fact]
    public async Task KeepOneTeamsTestCheckoutFromAnother()
    {
        var paying = await PaymentsApp.PayingAsync(app, stripe: false);
        var other = await PaymentsApp.PayingAsync(app, stripe: false);
        var session = await PaymentsApp.CheckoutAsync(paying);

        Assert.Equal(HttpStatusCode.NotFound, (await other.Contact.GetAsync($"/portal/test-mode/stripe/{session}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Contact.PostFormAsync($"/portal/test-mode/stripe/{session}?handler=Pay", [], tokenFrom: other.Page)).StatusCode);
        Assert.Empty(await PaymentsApp.PaymentsAsync(paying.World));
    }

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public void StartOnlyOutsideProduction(string environment, bool enabled)
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Payments:TestMode"] = "true" }).Build();
        var testMode = new PaymentsTestMode(settings, new Environment(environment), TimeProvider.System);

        Assert.Equal(enabled, testMode.Enabled);
        if (!enabled)
        {
            Assert.Throws<InvalidOperationException>(() => testMode.Stripe);
        }

        var off = new PaymentsTestMode(new ConfigurationBuilder().Build(), new Environment("Development"), TimeProvider.System);
        Assert.False(off.Enabled);
        Assert.True(PaymentsTestMode.IsTest(testMode.Credentials(Guid.NewGuid(), PaymentProvider.Stripe)));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "CrmSaaS";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
