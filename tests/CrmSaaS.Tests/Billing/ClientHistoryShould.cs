using System.Net;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Billing;

/// <summary>
/// A client's billing history is its account: issued invoices charge it, credit notes and payments
/// credit it, the running balance is what it owes; the statement for a period starts from the balance
/// before it and is the same in the page, the CSV and the PDF.
/// </summary>
public sealed class ClientHistoryShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ListInvoicesCreditNotesAndPaymentsWithTheRunningBalanceInPageCsvAndPdf()
    {
        var (world, manager, id, url) = await BillingApp.IssuedAsync(app);
        var lines = (await BillingApp.InvoiceAsync(world, id)).Lines.OrderBy(l => l.Position).ToList();
        await manager.PostFormAsync(url + "?handler=Credit", new() { ["Credit.Lines[0].LineId"] = lines[1].Id.ToString(), ["Credit.Lines[0].Amount"] = "60" }, tokenFrom: url);
        await manager.PostFormAsync(url + "?handler=Payment", new()
        {
            ["Payment.Amount"] = "200", ["Payment.PaidOn"] = world.Today.ToString("yyyy-MM-dd"), ["Payment.Method"] = "BankTransfer", ["Payment.Reference"] = "Bank ref 7",
        }, tokenFrom: url);
        var numbers = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Invoice>().OrderBy(i => i.Kind).Select(i => i.Number!).ToListAsync());
        var history = $"/billing/clients/{world.Client}/history";

        var page = await manager.GetStringAsync(history);

        Assert.Contains(numbers[0], page, StringComparison.Ordinal);
        Assert.Contains(numbers[1], page, StringComparison.Ordinal);
        Assert.Contains("Bank ref 7", page, StringComparison.Ordinal);
        Assert.Matches("data-closing=\"EUR\">145[.,]10", page); // 416.50 − 71.40 − 200
        Assert.Matches("data-open=\"EUR\">145[.,]10", page);

        var csv = (await manager.GetStringAsync($"/billing/clients/{world.Client}/statement.csv")).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(6, csv.Length); // header, opening, invoice, credit note, payment, closing
        Assert.Matches("Opening balance.*0[.,]00", csv[1]);
        Assert.Matches($"{Regex.Escape(numbers[0])}.*Invoice, service period.*416[.,]50.*416[.,]50", csv[2]);
        Assert.Matches($"{Regex.Escape(numbers[1])}.*Credit note for invoice {Regex.Escape(numbers[0])}.*71[.,]40.*345[.,]10", csv[3]);
        Assert.Matches("Payment \\(bank transfer\\) Bank ref 7.*200[.,]00.*145[.,]10", csv[4]);
        Assert.Matches("Closing balance.*416[.,]50.*271[.,]40.*145[.,]10", csv[5]);

        var pdf = await manager.GetAsync($"/billing/clients/{world.Client}/statement.pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var text = BillingApp.PdfText(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Statement of account", text, StringComparison.Ordinal);
        Assert.Matches($"{Regex.Escape(numbers[0])} Invoice, service period 416[.,]50 EUR 416[.,]50 EUR", text);
        Assert.Matches($"{Regex.Escape(numbers[1])} Credit note for invoice 71[.,]40 EUR 345[.,]10 EUR", text);
        Assert.Matches("Closing balance 416[.,]50 EUR 271[.,]40 EUR 145[.,]10 EUR", text);
    }

    [Fact]
    public async Task StartAPeriodFromTheBalanceBeforeIt()
    {
        var (world, manager, _, _) = await BillingApp.IssuedAsync(app);
        var from = world.Today.AddDays(1).ToString("yyyy-MM-dd");
        var to = world.Today.AddDays(30).ToString("yyyy-MM-dd");

        var csv = (await manager.GetStringAsync($"/billing/clients/{world.Client}/statement.csv?from={from}&to={to}")).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(3, csv.Length);
        Assert.Matches($"{from}.*Opening balance.*416[.,]50", csv[1]);
        Assert.Matches($"{to}.*Closing balance.*416[.,]50", csv[2]);
        Assert.Contains("No movements in the period.", await manager.GetStringAsync($"/billing/clients/{world.Client}/history?from={from}&to={to}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefuseABackwardsPeriodBesideTheFieldAndToOthers()
    {
        var (world, manager, _, _) = await BillingApp.IssuedAsync(app);
        var backwards = $"?from={world.Today:yyyy-MM-dd}&to={world.Today.AddDays(-1):yyyy-MM-dd}";

        var page = await manager.GetAsync($"/billing/clients/{world.Client}/history{backwards}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.Contains("The period must start before it ends", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"/billing/clients/{world.Client}/statement.pdf{backwards}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"/billing/clients/{world.Client}/statement.csv?from=not-a-date")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/billing/clients/{Guid.NewGuid()}/statement.pdf")).StatusCode);

        var member = await app.SignInAsync(world.Team, world.Team[TeamRole.TeamMember]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/billing/clients/{world.Client}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/billing/clients/{world.Client}/statement.csv")).StatusCode);
    }
}
