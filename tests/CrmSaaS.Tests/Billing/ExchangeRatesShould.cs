using System.Net;
using System.Text;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Documents;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Billing;

/// <summary>
/// Time priced in another currency is converted with the team's dated rate, which the invoice locks;
/// an invoice in another currency than the team's EUR states its VAT in EUR too, in the PDF and the XML.
/// </summary>
public sealed class ExchangeRatesShould(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task AddRateAsync(TimeWorld world, string from, string to, decimal rate, DateOnly day) => await world.AsAsync(async sp =>
    {
        sp.GetRequiredService<AppDbContext>().Add(new ExchangeRate { From = from, To = to, Rate = rate, Day = day, Source = "manual", CreatedAt = world.Now });
        await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
    });

    /// <summary>A EUR client whose project prices time in USD: 2 h at 100 USD.</summary>
    private async Task<TimeWorld> DollarTimeAsync()
    {
        var world = await TimeWorld.CreateAsync(app);
        await world.AsAsync(async sp =>
        {
            sp.GetRequiredService<AppDbContext>().Add(new Rate { Level = RateLevel.Project, ProjectId = world.Project, Amount = 100m, Currency = "USD", EffectiveFrom = world.Today.AddDays(-30), CreatedAt = world.Now });
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
            new EntryInput(world.Project, null, null, null, world.Today.AddDays(-2), TimeSpan.FromHours(2), "Dollars", true), default));
        return world;
    }

    private static Task<Invoice?> DraftAsync(TimeWorld world) => world.AsAsync(sp => sp.GetRequiredService<InvoiceDrafting>().DraftForClientAsync(world.Client, world.Today, false, default));

    [Fact]
    public async Task ConvertWithTheLatestRateOnOrBeforeTheDateAndLockIt()
    {
        var world = await DollarTimeAsync();
        await AddRateAsync(world, "USD", "EUR", 0.8m, world.Today.AddDays(-20));
        await AddRateAsync(world, "USD", "EUR", 0.9m, world.Today.AddDays(-5));
        await AddRateAsync(world, "USD", "EUR", 1.5m, world.Today.AddDays(3));

        var draft = await DraftAsync(world);

        Assert.Equal(("USD", 0.9m, world.Today.AddDays(-5), "manual"), (draft!.FxFrom, draft.FxRate, draft.FxDate!.Value, draft.FxSource));
        Assert.Equal(18000L, draft.NetMinor);
        var entry = Assert.Single(Assert.Single(draft.Lines).Entries);
        Assert.Equal((100m, "USD", 18000L), (entry.Rate, entry.RateCurrency, entry.AmountMinor));
    }

    [Fact]
    public async Task UseTheReversePairsInverseAndRefuseWithoutAnyRate()
    {
        var world = await DollarTimeAsync();
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => DraftAsync(world));
        Assert.Contains("no exchange rate from USD to EUR", string.Join(" ", refused.Errors.SelectMany(e => e.Value)), StringComparison.Ordinal);

        await AddRateAsync(world, "EUR", "USD", 1.25m, world.Today.AddDays(-5));
        var draft = await DraftAsync(world);
        Assert.Equal((0.8m, 16000L), (draft!.FxRate!.Value, draft.NetMinor));
    }

    [Theory]
    [InlineData("EUR", "JPY", 160.5, 12345, 19814)] // 123.45 EUR = 19,813.725 JPY → 19,814 yen (no minor unit)
    [InlineData("EUR", "KWD", 0.3312, 12345, 40887)] // 123.45 EUR = 40.88664 KWD → 40.887 KWD (1,000 fils)
    [InlineData("JPY", "EUR", 0.00623, 19814, 12344)] // 19,814 JPY = 123.44122 EUR → 123.44 EUR
    public void ConvertOnceToTheTargetsMinorUnit(string from, string to, decimal rate, long minor, long expected)
    {
        Assert.Equal(expected, new FoundRate(from, to, rate, new DateOnly(2026, 11, 2), "manual").Convert(minor));
    }

    /// <summary>A EUR team's USD client with 3 h at 150 USD drafted, the profile complete: the draft's page.</summary>
    private async Task<(TimeWorld World, Browser Manager, Guid Client, string Url)> DollarDraftAsync()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var client = Crm.CrmApp.IdIn(await manager.PostFormAsync("/crm/clients/new", Crm.CrmApp.ClientForm("Dollar Inc", world.Manager.UserId, "USD")));
        var project = await Projects.ProjectsApp.CreateProjectAsync(manager, client, "Priced in dollars");
        await world.AsAsync(async sp =>
        {
            sp.GetRequiredService<AppDbContext>().Add(new Rate { Level = RateLevel.Client, ClientId = client, Amount = 150m, Currency = "USD", EffectiveFrom = world.Today.AddDays(-30), CreatedAt = world.Now });
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
            new EntryInput(project, null, null, null, world.Today.AddDays(-2), TimeSpan.FromHours(3), "Consulting", true), default));
        await manager.PostFormAsync("/billing/settings", InvoicePagesShould.Profile());
        var drafted = await manager.PostFormAsync("/billing/invoices/new", new() { ["Input.ClientId"] = client.ToString(), ["Input.UpTo"] = world.Today.ToString("yyyy-MM-dd") });
        return (world, manager, client, drafted.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task StateTheVatInEurosForADollarInvoiceOfAEuroTeam()
    {
        var (world, manager, client, url) = await DollarDraftAsync();

        var refused = await manager.PostFormAsync(url + "?handler=Issue", [], tokenFrom: url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("also stated in EUR", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Invoice>().AsNoTracking().SingleAsync(i => i.ClientId == client))).Number);

        await AddRateAsync(world, "USD", "EUR", 0.92m, world.Today.AddDays(-1));
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(url + "?handler=Issue", [], tokenFrom: url)).StatusCode);

        var invoice = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Invoice>().AsNoTracking().SingleAsync(i => i.ClientId == client));
        Assert.Equal(("USD", 45000L, 8550L), (invoice.Currency, invoice.NetMinor, invoice.VatMinor)); // 3 h × 150 USD, 19 %
        Assert.Equal(("EUR", 7866L, 0.92m), (invoice.TaxCurrency, invoice.TaxCurrencyVatMinor!.Value, invoice.TaxFxRate!.Value)); // 85.50 USD × 0.92 = 78.66 EUR
        Assert.Contains("VAT in EUR: 78.66 EUR", await manager.GetStringAsync(url), StringComparison.Ordinal);

        // Booked in the team's EUR at the same locked rate, which is what the revenue report adds up.
        Assert.Equal(("EUR", 0.92m, 41400L), (invoice.BaseCurrency, invoice.BaseFxRate, invoice.BaseNetMinor)); // 450 USD × 0.92
        Assert.Matches("data-total=\"revenue\">414[.,]00", await manager.GetStringAsync("/billing/revenue"));

        var xml = await manager.Client.GetByteArrayAsync(url + "/xml");
        var (valid, report) = await EInvoiceValidator.ValidateAsync(xml, xrechnung: false);
        Assert.True(valid, report + "\n" + Encoding.UTF8.GetString(xml));
        Assert.Contains("<ram:TaxCurrencyCode>EUR</ram:TaxCurrencyCode>", Encoding.UTF8.GetString(xml), StringComparison.Ordinal);
        Assert.Contains("currencyID=\"EUR\">78.66<", Encoding.UTF8.GetString(xml), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepRatesByHandAndFromACsvFileAndSayWhichLineIsWrong()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);

        var bad = await manager.PostFileAsync("/billing/exchange-rates?handler=Import", [], "file", "rates.csv", "date,from,to,rate\n2026-10-01,USD,EUR,0.91\n2026-10-02,USD,EUR,zero\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Line 3", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var good = await manager.PostFileAsync("/billing/exchange-rates?handler=Import", [], "file", "rates.csv", "date,from,to,rate\n2026-10-01,USD,EUR,0.91\n2026-10-02,usd,eur,0.915\n2026-10-02,GBP,EUR,1.17\n");
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var page = await manager.GetStringAsync("/billing/exchange-rates?Currency=GBP");
        Assert.Contains("1 GBP = 1.17 EUR", page, StringComparison.Ordinal);
        Assert.DoesNotContain("1 USD =", page, StringComparison.Ordinal);
        Assert.Equal(3, await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<ExchangeRate>().CountAsync()));

        var sales = await app.SignInAsync(world.Team, world.Team[TeamRole.SalesManager]);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetAsync("/billing/exchange-rates")).StatusCode);
    }

    [Fact]
    public async Task CancelADollarInvoiceAtTheRatesItLockedSoItsRevenueNetsToZero()
    {
        var (world, manager, client, url) = await DollarDraftAsync();
        await AddRateAsync(world, "USD", "EUR", 0.92m, world.Today.AddDays(-1));
        await manager.PostFormAsync(url + "?handler=Issue", [], tokenFrom: url);
        // A later rate does not move the credit note: it corrects the invoice at the invoice's rate.
        await AddRateAsync(world, "USD", "EUR", 0.5m, world.Today);

        var cancelled = await manager.PostFormAsync(url + "?handler=Cancel", new() { ["releaseTime"] = "false" }, tokenFrom: url);

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var documents = await world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<Invoice>().AsNoTracking().Where(i => i.ClientId == client).OrderBy(i => i.Kind).ToListAsync());
        var (invoice, note) = (documents[0], documents[1]);
        Assert.Equal((DocumentKind.CreditNote, "USD", invoice.GrossMinor, invoice.Id), (note.Kind, note.Currency, note.GrossMinor, note.CorrectsInvoiceId!.Value));
        Assert.Equal((0.92m, 41400L), (note.BaseFxRate!.Value, note.BaseNetMinor!.Value));
        Assert.Matches("data-total=\"revenue\">0[.,]00", await manager.GetStringAsync("/billing/revenue"));

        var noteUrl = cancelled.Headers.Location!.OriginalString;
        var pdf = BillingApp.PdfText(await manager.Client.GetByteArrayAsync(noteUrl + "/pdf"));
        Assert.Contains($"Credit note {note.Number}", pdf, StringComparison.Ordinal);
        Assert.Contains($"Corrects invoice {invoice.Number}", pdf, StringComparison.Ordinal);
        Assert.Contains("535.50 USD", pdf, StringComparison.Ordinal); // 450 + 19 %
        var xml = await manager.Client.GetByteArrayAsync(noteUrl + "/xml");
        var (valid, report) = await EInvoiceValidator.ValidateAsync(xml, xrechnung: false);
        Assert.True(valid, report);
        Assert.Contains("<ram:TypeCode>381</ram:TypeCode>", Encoding.UTF8.GetString(xml), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountTheExchangeGainOfADollarPaymentAtItsDaysRate()
    {
        var (world, manager, _, url) = await DollarDraftAsync();
        await AddRateAsync(world, "USD", "EUR", 0.92m, world.Today.AddDays(-1));
        await manager.PostFormAsync(url + "?handler=Issue", [], tokenFrom: url);
        // The dollar rose by the day the client paid.
        await AddRateAsync(world, "USD", "EUR", 0.95m, world.Today);

        var paid = await manager.PostFormAsync(url + "?handler=Payment", new()
        {
            ["Payment.Amount"] = "535.50", ["Payment.PaidOn"] = world.Today.ToString("yyyy-MM-dd"), ["Payment.Method"] = "BankTransfer",
        }, tokenFrom: url);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);

        // 535.50 USD × 0.95 = 508.73 EUR on the day, booked at 0.92 = 492.66 EUR: a gain of 16.07 EUR; revenue stays at the locked rate.
        var page = await manager.GetStringAsync("/billing/revenue");
        Assert.Matches("data-total=\"fx\">16[.,]07", page);
        Assert.Matches("data-total=\"revenue\">414[.,]00", page);
    }
}
