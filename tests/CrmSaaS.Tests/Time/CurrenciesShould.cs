using System.Net;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Contracts;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Projects;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Time;

/// <summary>
/// Time priced in currencies whose minor unit is not a cent (JPY has none, KWD has three digits):
/// stored, totalled, reported, exported and shown in each currency's own minor units.
/// </summary>
public class CurrenciesShould(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed record Priced(string Currency, Guid Client, Guid Project, string Rate);

    private static async Task<Guid> ClientAsync(Browser manager, string name, Guid responsible, string currency)
    {
        var response = await manager.PostFormAsync("/crm/clients/new", CrmApp.ClientForm(name, responsible, currency));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return CrmApp.IdIn(response);
    }

    [Fact]
    public async Task Price_report_export_and_show_euro_yen_and_dinar_time_in_their_own_minor_units()
    {
        var team = await CrmApp.TeamAsync(app);
        var owner = team[TeamRole.OrganizationManager];
        var manager = await app.SignInAsync(team, owner);
        var priced = new List<Priced>();
        foreach (var (name, currency, rate) in new[] { ("Euro GmbH", "EUR", "95.5"), ("Yamato KK", "JPY", "12000"), ("Gulf Trading", "KWD", "12.3456") })
        {
            var client = await ClientAsync(manager, name, owner.UserId, currency);
            var project = await ProjectsApp.CreateProjectAsync(manager, client, name + " site");
            Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/time/rates", new()
            {
                ["Input.Level"] = "Client", ["Input.ClientId"] = client.ToString(), ["Input.Amount"] = rate, ["Input.EffectiveFrom"] = "2026-01-01",
            })).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/time", new()
            {
                ["Input.ProjectId"] = project.ToString(), ["Input.Date"] = "2026-11-02", ["Input.Duration"] = "1:30", ["Input.Billable"] = "true",
            })).StatusCode);
            priced.Add(new Priced(currency, client, project, rate));
        }

        // 95.5 × 1.5 = 143.25 EUR; 12000 × 1.5 = 18000 JPY; 12.3456 × 1.5 = 18.5184 → 18.518 KWD, rounded once.
        var expected = new Dictionary<string, long> { ["EUR"] = 14_325, ["JPY"] = 18_000, ["KWD"] = 18_518 };
        var world = new TimeWorld(app, team, priced[0].Client, priced[0].Project, owner);
        var entries = await world.EntriesAsync();
        foreach (var p in priced)
        {
            var entry = entries.Single(e => e.ClientId == p.Client);
            Assert.Equal((expected[p.Currency], p.Currency, decimal.Parse(p.Rate, System.Globalization.CultureInfo.InvariantCulture)), (entry.AmountMinor, entry.RateCurrency!, entry.RateAmount!.Value));
            var unbilled = Assert.Single(await world.AsAsync(sp => sp.GetRequiredService<IMediator>().Send(new UnbilledEntriesQuery(p.Client, new DateOnly(2026, 11, 30))).AsTask()));
            Assert.Equal((expected[p.Currency], p.Currency), (unbilled.AmountMinor, unbilled.Currency!));
        }

        var report = await manager.GetStringAsync("/time/reports?Range=custom&From=2026-11-01&To=2026-11-30&Group=Client");
        Assert.Contains(">143.25<", report, StringComparison.Ordinal);
        Assert.Contains(">18,000<", report, StringComparison.Ordinal);
        Assert.Contains(">18.518<", report, StringComparison.Ordinal);
        var csv = await (await manager.GetAsync("/time/reports.csv?Range=custom&From=2026-11-01&To=2026-11-30&Group=Client")).Content.ReadAsStringAsync();
        string[] Row(string client) => csv.Split('\n').Single(line => line.Contains(client, StringComparison.Ordinal)).Trim().Split(',');
        Assert.Equal(["EUR", "JPY", "KWD"], csv.Split('\n')[0].Trim().Split(',')[^3..]);
        Assert.Equal(["1.50", "1.50", "1", "0.00", "18000", "0.000"], Row("Yamato KK")[1..]);
        Assert.Equal(["1.50", "1.50", "1", "0.00", "0", "18.518"], Row("Gulf Trading")[1..]);
        Assert.Contains("18,000 JPY", await manager.GetStringAsync($"/crm/clients/{priced[1].Client}"), StringComparison.Ordinal);
        Assert.Contains("12.3456 KWD", await manager.GetStringAsync("/time/rates"), StringComparison.Ordinal);

        // In German, the same amounts in German notation.
        await manager.PostWithTokenAsync("/language", new() { ["culture"] = "de", ["returnUrl"] = "/" }, await manager.TokenAsync("/"));
        var german = await manager.GetStringAsync("/time/reports?Range=custom&From=2026-11-01&To=2026-11-30&Group=Client");
        Assert.Contains(">143,25<", german, StringComparison.Ordinal);
        Assert.Contains(">18.000<", german, StringComparison.Ordinal);
        Assert.Contains(">18,518<", german, StringComparison.Ordinal);
        Assert.Contains("18.000 JPY", await manager.GetStringAsync($"/crm/clients/{priced[1].Client}"), StringComparison.Ordinal);
        // A German spreadsheet reads semicolons and decimal commas.
        var germanCsv = await (await manager.GetAsync("/time/reports.csv?Range=custom&From=2026-11-01&To=2026-11-30&Group=Client")).Content.ReadAsStringAsync();
        Assert.Equal(["1,50", "1,50", "1", "0,00", "0", "18,518"], germanCsv.Split('\n').Single(line => line.Contains("Gulf Trading", StringComparison.Ordinal)).Trim().Split(';')[1..]);
    }
}
