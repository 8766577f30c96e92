using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Billing;

/// <summary>
/// Revenue and profitability: issued nets less credit notes by issue month, cost as hours at cost rates
/// by tracked month, projects adding up to clients exactly, the same numbers in page and CSV, and
/// nothing for those who may not read billing. The clock stands on 2026-11-02: the time is October's,
/// the invoice November's.
/// </summary>
public sealed class RevenueShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ShowRevenueCostAndProfitByMonthClientAndProjectInPageAndCsv()
    {
        var (world, manager, id, url) = await BillingApp.IssuedAsync(app); // 250 time + 100 fee net, time tracked in October
        await world.AsAsync(async sp =>
        {
            sp.GetRequiredService<AppDbContext>().Add(new MemberTimeProfile { UserId = world.Manager.UserId, CostRate = 40m, CostCurrency = "EUR" });
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        var fee = (await BillingApp.InvoiceAsync(world, id)).Lines.Single(l => l.Kind == LineKind.Fee);
        await manager.PostFormAsync(url + "?handler=Credit", new() { ["Credit.Lines[0].LineId"] = fee.Id.ToString(), ["Credit.Lines[0].Amount"] = "60" }, tokenFrom: url);
        const string Period = "from=2026-10&to=2026-11";

        var page = await manager.GetStringAsync("/billing/revenue?" + Period);

        Assert.Matches("data-total=\"revenue\">290[.,]00", page); // 350 − 60
        Assert.Matches("data-total=\"cost\">100[.,]00", page); // 2.5 h × 40
        Assert.Matches("data-total=\"profit\">190[.,]00", page);
        Assert.Contains("chart-months", page, StringComparison.Ordinal);

        var months = await CsvAsync(manager, $"/billing/revenue.csv?{Period}&by=month");
        Assert.Equal(["Month;Revenue;Cost;Profit;Margin %;Hours;Currency", "2026-10;0.00;100.00;-100.00;;2.50;EUR", "2026-11;290.00;0.00;290.00;100.0;0.00;EUR"],
            months.Select(Normalize));
        var clients = await CsvAsync(manager, $"/billing/revenue.csv?{Period}&by=client");
        Assert.Equal("Acme;290.00;100.00;190.00;65.5;2.50;EUR", Normalize(clients[1]));
        var projects = await CsvAsync(manager, $"/billing/revenue.csv?{Period}&by=project");
        Assert.Equal(["Project;Client;Revenue;Cost;Profit;Margin %;Hours;Currency", "Tracked;Acme;250.00;100.00;150.00;60.0;2.50;EUR", "(no project);Acme;40.00;0.00;40.00;100.0;0.00;EUR"],
            projects.Select(Normalize));
    }

    [Fact]
    public async Task RefuseUnreadableMonthsAndThoseWhoMayNotReadBilling()
    {
        var (world, manager, _, _) = await BillingApp.IssuedAsync(app);

        var backwards = await manager.GetAsync("/billing/revenue?from=2026-11&to=2026-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        Assert.Contains("Choose months as YYYY-MM", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync("/billing/revenue.csv?from=last-year")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync("/billing/revenue.csv?by=member")).StatusCode);

        var member = await app.SignInAsync(world.Team, world.Team[TeamRole.TeamMember]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/billing/revenue")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/billing/revenue.csv")).StatusCode);
    }

    [Theory]
    [InlineData(100, new long[] { 1, 1, 1 }, new long[] { 34, 33, 33 })]
    [InlineData(41400, new long[] { 25000, 10000 }, new long[] { 29571, 11829 })]
    [InlineData(9000, new long[] { 12000, -2000 }, new long[] { 10800, -1800 })]
    [InlineData(500, new long[] { 0, 0 }, new long[] { 500, 0 })]
    public void SpreadAnAmountOverLinesSoThePartsAddUpExactly(long total, long[] weights, long[] expected)
    {
        var parts = RevenueReports.Allocate(total, weights);

        Assert.Equal(expected, parts);
        Assert.Equal(total, parts.Sum());
    }

    private static async Task<List<string>> CsvAsync(Browser browser, string url) =>
        (await browser.GetStringAsync(url)).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>The CSV with ';' between cells and '.' as decimal point, whatever the culture's list separator and digits.</summary>
    private static string Normalize(string line) => line.Contains(';', StringComparison.Ordinal) ? line.Replace(',', '.') : line.Replace(',', ';');
}
