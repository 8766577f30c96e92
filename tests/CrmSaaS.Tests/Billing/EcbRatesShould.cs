using System.Net;
using System.Text;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmSaaS.Tests.Billing;

/// <summary>
/// The optional ECB job: off unless configured; when on, the day's rates for the teams' client currencies
/// once (crossed to the team's currency, a rate kept by hand left alone); offline it does nothing and
/// does not fail. The ECB itself is the edge of the world here: a handler serves its file.
/// </summary>
public sealed class EcbRatesShould(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Daily = """
        <?xml version="1.0" encoding="UTF-8"?>
        <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
          <gesmes:subject>Reference rates</gesmes:subject>
          <Cube><Cube time="2026-10-30"><Cube currency="USD" rate="1.0850"/><Cube currency="JPY" rate="162.50"/><Cube currency="GBP" rate="0.8400"/><Cube currency="CHF" rate="0.9400"/></Cube></Cube>
        </gesmes:Envelope>
        """;

    private sealed class EcbServer(Func<HttpResponseMessage> answer) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(answer());
        }
    }

    private static EcbServer Serving(string xml) => new(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") });

    private ScheduledEcbRates Job(EcbServer server, bool enabled) => new(
        new EcbFeed(new HttpClient(server), Config(enabled), NullLogger<EcbFeed>.Instance), app.Services.GetRequiredService<TenantJobs>(), Config(enabled));

    private static IConfiguration Config(bool enabled) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Billing:Ecb:Enabled"] = enabled ? "true" : "false" }).Build();

    private Task<List<ExchangeRate>> RatesAsync(TimeWorld world) =>
        world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<ExchangeRate>().AsNoTracking().OrderBy(r => r.From).ToListAsync());

    private async Task<TimeWorld> TeamWithClientsInAsync(params string[] currencies)
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        foreach (var currency in currencies)
        {
            await manager.PostFormAsync("/crm/clients/new", Crm.CrmApp.ClientForm($"Client in {currency}", world.Manager.UserId, currency));
        }

        return world;
    }

    [Fact]
    public async Task AddTheDaysRatesForTheClientsCurrenciesOnceAndLeaveRatesKeptByHand()
    {
        var world = await TeamWithClientsInAsync("USD", "GBP", "SEK");
        await world.AsAsync(async sp =>
        {
            sp.GetRequiredService<AppDbContext>().Add(new ExchangeRate { From = "GBP", To = "EUR", Day = new DateOnly(2026, 10, 30), Rate = 1.2m, Source = "manual", CreatedAt = world.Now });
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        var server = Serving(Daily);

        await Job(server, enabled: true).Invoke();
        await Job(server, enabled: true).Invoke();

        var rates = await RatesAsync(world);
        Assert.Equal([("GBP", "EUR", 1.2m, "manual"), ("USD", "EUR", 0.92165899m, "ECB")], rates.Select(r => (r.From, r.To, r.Rate, r.Source))); // 1 / 1.085; SEK is not quoted here
        Assert.All(rates, r => Assert.Equal(new DateOnly(2026, 10, 30), r.Day));
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task DoNothingWhenOffOrOffline()
    {
        var world = await TeamWithClientsInAsync("USD");
        var off = Serving(Daily);
        await Job(off, enabled: false).Invoke();
        Assert.Equal(0, off.Calls);

        var offline = new EcbServer(() => throw new HttpRequestException("No route to host"));
        await Job(offline, enabled: true).Invoke();
        await Job(Serving("<html>Maintenance</html>"), enabled: true).Invoke();
        await Job(new EcbServer(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)), enabled: true).Invoke();

        Assert.Equal(1, offline.Calls);
        Assert.Empty(await RatesAsync(world));
    }

    [Fact]
    public void CrossRatesOverTheEuro()
    {
        var day = new EcbDay(new DateOnly(2026, 10, 30), new Dictionary<string, decimal> { ["USD"] = 1.085m, ["CHF"] = 0.94m });

        Assert.Equal(0.86635945m, day.Rate("USD", "CHF")); // 0.94 / 1.085
        Assert.Equal(1.085m, day.Rate("EUR", "USD"));
        Assert.Null(day.Rate("USD", "SEK"));
    }
}
