using System.Net;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Billing;

/// <summary>The billing pages over HTTP: profile, client settings, drafting, manual lines, issuing, drill-down, permissions.</summary>
public sealed partial class InvoicePagesShould(AppFactory app) : IClassFixture<AppFactory>
{
    public static Dictionary<string, string> Profile(string iban = "DE89 3704 0044 0532 0130 00") => new()
    {
        ["Input.LegalName"] = "Pixel & Partner GmbH", ["Input.Street"] = "Hauptstraße 5", ["Input.PostalCode"] = "10115", ["Input.City"] = "Berlin",
        ["Input.Country"] = "DE", ["Input.VatId"] = "DE123456789", ["Input.ContactName"] = "Olivia Org", ["Input.ContactEmail"] = "billing@pixel.test",
        ["Input.ContactPhone"] = "+49 30 123", ["Input.Iban"] = iban, ["Input.Bic"] = "COBADEFFXXX", ["Input.PaymentTermDays"] = "21", ["Input.VatRate"] = "19",
        ["Input.InvoicePattern"] = "RE-{YY}{MM}-{SEQ:4}", ["Input.InvoiceResetYearly"] = "true", ["Input.CreditNotePattern"] = "GS-{YYYY}-{SEQ:4}", ["Input.CreditNoteResetYearly"] = "true",
    };

    private async Task<(TimeWorld World, Browser Manager)> WorldWithTimeAsync()
    {
        var world = await TimeWorld.CreateAsync(app);
        await world.AddRateAsync(RateLevel.Client, 100m, world.Today.AddDays(-60), client: world.Client);
        foreach (var (daysAgo, minutes) in new[] { (6, 60), (3, 90) })
        {
            await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
                new EntryInput(world.Project, null, null, null, world.Today.AddDays(-daysAgo), TimeSpan.FromMinutes(minutes), $"Work {daysAgo}", true), default));
        }

        return (world, await app.SignInAsync(world.Team, world.Manager));
    }

    private static string IdFrom(HttpResponseMessage response) => Regex.Match(response.Headers.Location!.OriginalString, "[0-9a-f-]{36}").Value;

    [Fact]
    public async Task SaveTheProfileAndRefuseBadBankDetailsAndPatternsBesideTheirFields()
    {
        var (world, manager) = await WorldWithTimeAsync();

        var badIban = await manager.PostFormAsync("/billing/settings", Profile("DE89 3704 0044 0532 0130 01"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badIban.StatusCode);
        Assert.Contains("check digits do not match", await badIban.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var badPattern = await manager.PostFormAsync("/billing/settings", new(Profile()) { ["Input.InvoicePattern"] = "RE-{SEQ:4}" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badPattern.StatusCode);
        Assert.Contains("needs the year", await badPattern.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/billing/settings", Profile())).StatusCode);
        var page = await manager.GetStringAsync("/billing/settings");
        Assert.Contains("DE89 3704 0044 0532 0130 00", page, StringComparison.Ordinal);
        Assert.Contains("RE-2603-0001", page, StringComparison.Ordinal);

        var profile = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<BillingProfile>().AsNoTracking().SingleAsync());
        Assert.Equal(("DE89370400440532013000", 21), (profile.Iban, profile.PaymentTermDays));
    }

    [Fact]
    public async Task DraftAddAManualLineIssueWithTheRangesNumberAndThenRefuseChanges()
    {
        var (world, manager) = await WorldWithTimeAsync();
        await manager.PostFormAsync("/billing/settings", Profile());

        var drafted = await manager.PostFormAsync("/billing/invoices/new", new() { ["Input.ClientId"] = world.Client.ToString(), ["Input.UpTo"] = world.Today.ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Redirect, drafted.StatusCode);
        var id = IdFrom(drafted);
        var url = $"/billing/invoices/{id}";
        var draft = await manager.GetStringAsync(url);
        Assert.Contains("Draft invoice", draft, StringComparison.Ordinal);
        Assert.Contains("2 time entries", draft, StringComparison.Ordinal);
        Assert.Contains("250.00 EUR", draft, StringComparison.Ordinal); // 2.5 h at 100

        var badLine = await manager.PostFormAsync(url + "?handler=AddLine", new() { ["Line.Kind"] = "Fee", ["Line.Description"] = "", ["Line.Quantity"] = "1", ["Line.UnitPrice"] = "10" }, tokenFrom: url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badLine.StatusCode);
        Assert.Contains("Describe the line", await badLine.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await manager.PostFormAsync(url + "?handler=AddLine", new() { ["Line.Kind"] = "Fee", ["Line.Description"] = "Hosting", ["Line.Quantity"] = "1", ["Line.UnitPrice"] = "49.99" }, tokenFrom: url);
        await manager.PostFormAsync(url + "?handler=AddLine", new() { ["Line.Kind"] = "Discount", ["Line.Description"] = "Loyalty", ["Line.Quantity"] = "1", ["Line.UnitPrice"] = "20" }, tokenFrom: url);
        var withLines = await manager.GetStringAsync(url);
        Assert.Contains("279.99 EUR", withLines, StringComparison.Ordinal); // 250 + 49.99 − 20
        Assert.Contains("333.19 EUR", withLines, StringComparison.Ordinal); // + 19 % VAT 53.20

        var issued = await manager.PostFormAsync(url + "?handler=Issue", [], tokenFrom: url);
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var page = await manager.GetStringAsync(url);
        var number = $"RE-{world.Today:yyMM}-0001";
        Assert.Contains($"Invoice {number}", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Add a line", page, StringComparison.Ordinal);

        var late = await manager.PostFormAsync(url + "?handler=AddLine", new() { ["Line.Kind"] = "Fee", ["Line.Description"] = "Late", ["Line.Quantity"] = "1", ["Line.UnitPrice"] = "1" }, tokenFrom: "/billing/invoices");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("Only drafts can be changed", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var deleted = await manager.PostFormAsync(url + "?handler=Delete", [], tokenFrom: "/billing/invoices");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, deleted.StatusCode);

        var invoice = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Invoice>().AsNoTracking().Include(i => i.Lines).SingleAsync());
        Assert.Equal((number, 27999L, 5320L, 33319L, 3), (invoice.Number, invoice.NetMinor, invoice.VatMinor, invoice.GrossMinor, invoice.Lines.Count));
        Assert.All(await world.EntriesAsync(), e => Assert.Equal(invoice.Id, e.InvoiceId));

        // The documents rendered at issue carry the stored numbers; the e-invoice passes the rules.
        var pdf = await manager.Client.GetByteArrayAsync(url + "/pdf");
        using (var read = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            var text = string.Join(" ", read.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains(number, text, StringComparison.Ordinal);
            Assert.Contains("333.19", text, StringComparison.Ordinal);
        }

        var xml = await manager.Client.GetByteArrayAsync(url + "/xml");
        var (valid, report) = await EInvoiceValidator.ValidateAsync(xml, xrechnung: false);
        Assert.True(valid, report);

        // The billed time is locked in Time: its entry page refuses a change and the entry stays as it was.
        var billed = (await world.EntriesAsync()).First();
        var entryUrl = $"/time/entries/{billed.Id}";
        var edit = await manager.PostFormAsync(entryUrl, new()
        {
            ["Input.ProjectId"] = world.Project.ToString(), ["Input.Date"] = billed.LocalDate.ToString("yyyy-MM-dd"), ["Input.Duration"] = "9:00",
            ["Input.Description"] = "Changed after billing", ["Input.Billable"] = "true",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, edit.StatusCode);
        Assert.Contains("billed on an invoice", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((billed.Seconds, billed.Description), (await world.EntriesAsync()).Where(e => e.Id == billed.Id).Select(e => (e.Seconds, e.Description)).Single());

        var csv = await manager.GetStringAsync(url + "/entries.csv");
        Assert.Equal(3, csv.Trim().Split('\n').Length);
        Assert.Contains("Olivia Org", csv, StringComparison.Ordinal);

        var list = await manager.GetStringAsync("/billing/invoices?Search=" + number);
        Assert.Contains(number, list, StringComparison.Ordinal);
        Assert.Contains("No invoices match", await manager.GetStringAsync("/billing/invoices?Search=nothing-like-it"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GiveTheTimeBackWhenADraftOrItsLineGoes()
    {
        var (world, manager) = await WorldWithTimeAsync();
        var first = IdFrom(await manager.PostFormAsync("/billing/invoices/new", new() { ["Input.ClientId"] = world.Client.ToString(), ["Input.UpTo"] = world.Today.ToString("yyyy-MM-dd") }));
        var line = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<InvoiceLine>().AsNoTracking().SingleAsync());
        var url = $"/billing/invoices/{first}";

        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(url + "?handler=RemoveLine", new() { ["lineId"] = line.Id.ToString() }, tokenFrom: url)).StatusCode);
        Assert.Equal(0, await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<InvoiceLineEntry>().CountAsync()));

        var second = IdFrom(await manager.PostFormAsync("/billing/invoices/new", new() { ["Input.ClientId"] = world.Client.ToString(), ["Input.UpTo"] = world.Today.ToString("yyyy-MM-dd") }));
        Assert.Equal(2, await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<InvoiceLineEntry>().CountAsync(e => e.InvoiceId == Guid.Parse(second))));
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"/billing/invoices/{second}?handler=Delete", [], tokenFrom: $"/billing/invoices/{second}")).StatusCode);
        Assert.Equal(0, await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<InvoiceLineEntry>().CountAsync()));
        Assert.All(await world.EntriesAsync(), e => Assert.Null(e.InvoiceId));
    }

    [Fact]
    public async Task LetSalesManagersDraftButNotIssueAndKeepOthersOut()
    {
        var (world, manager) = await WorldWithTimeAsync();
        var sales = await app.SignInAsync(world.Team, world.Team[TeamRole.SalesManager]);
        var drafted = await sales.PostFormAsync("/billing/invoices/new", new() { ["Input.ClientId"] = world.Client.ToString(), ["Input.UpTo"] = world.Today.ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Redirect, drafted.StatusCode);
        var url = $"/billing/invoices/{IdFrom(drafted)}";
        Assert.DoesNotContain("Issue invoice", await sales.GetStringAsync(url), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.PostFormAsync(url + "?handler=Issue", [], tokenFrom: url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetAsync("/billing/settings")).StatusCode);

        var member = await app.SignInAsync(world.Team, world.Team[TeamRole.TeamMember]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/billing/invoices")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(url + "/entries.csv")).StatusCode);
        Assert.Contains("Issue invoice", await manager.GetStringAsync(url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepEachClientsInvoiceSettingsAndRefuseReverseChargeWithoutAVatId()
    {
        var (world, manager) = await WorldWithTimeAsync();
        var contact = await world.AsAsync(sp => sp.GetRequiredService<CrmSaaS.Plugins.Crm.Contracts.ICrmDirectory>().Contacts.Where(c => c.ClientId == world.Client).Select(c => c.Id).SingleAsync());
        var url = $"/billing/clients/{world.Client}";
        var form = new Dictionary<string, string>
        {
            ["Input.BillingContactIds"] = contact.ToString(), ["Input.PaymentTermDays"] = "30", ["Input.VatRule"] = "ReverseCharge", ["Input.BuyerReference"] = "04011000-12345-34",
            ["Input.Schedule"] = "Monthly", ["Input.Grouping"] = "Member", ["Input.AutoIssue"] = "true", ["Input.AcceptBankTransfer"] = "true",
        };

        var refused = await manager.PostFormAsync(url, form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("needs the client&#x27;s VAT ID", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(url, new(form) { ["Input.VatRule"] = "Exempt" })).StatusCode);
        var settings = await world.AsAsync(sp => sp.GetRequiredService<BillingTerms>().SettingsAsync(world.Client, default));
        Assert.Equal((30, VatRule.Exempt, "04011000-12345-34", BillingSchedule.Monthly, LineGrouping.Member, true), (settings.PaymentTermDays, settings.VatRule, settings.BuyerReference, settings.Schedule, settings.Grouping, settings.AutoIssue));
        Assert.Contains("checked", Regex.Match(await manager.GetStringAsync(url), $"<input[^>]*value=\"{contact}\"[^>]*>").Value, StringComparison.Ordinal);

        // The client page shows the billing section; a draft then carries the exemption note and 0 % VAT.
        Assert.Contains("Invoice settings", await manager.GetStringAsync($"/crm/clients/{world.Client}"), StringComparison.Ordinal);
        var id = IdFrom(await manager.PostFormAsync("/billing/invoices/new", new() { ["Input.ClientId"] = world.Client.ToString(), ["Input.UpTo"] = world.Today.ToString("yyyy-MM-dd") }));
        var invoice = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Invoice>().AsNoTracking().SingleAsync(i => i.Id == Guid.Parse(id)));
        Assert.Equal(("E", 0L, 30, "04011000-12345-34"), (invoice.VatCategory, invoice.VatMinor, invoice.PaymentTermDays, invoice.BuyerReference));
        Assert.Equal("Exempt from VAT.", invoice.VatNote);
    }

    [Fact]
    public async Task SetUpANewClientsInvoicingThroughOnboarding()
    {
        var team = await Crm.CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var form = Crm.CrmApp.ClientForm("Onboarded", team[TeamRole.OrganizationManager].UserId);
        form["Onboarding[Billing.Schedule]"] = "Weekly";
        form["Onboarding[Billing.Grouping]"] = "Day";
        form["Onboarding[Billing.PaymentTermDays]"] = "10";
        form["Onboarding[Billing.AutoIssue]"] = "true";
        form["Onboarding[Billing.AutoSend]"] = "true";
        Assert.Contains("Invoicing", await manager.GetStringAsync("/crm/clients/new"), StringComparison.Ordinal);
        var created = await manager.PostFormAsync("/crm/clients/new", form);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var settings = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<ClientBillingSettings>().AsNoTracking().SingleAsync(), team.Tenant);
        Assert.Equal((BillingSchedule.Weekly, LineGrouping.Day, 10, true, true), (settings.Schedule, settings.Grouping, settings.PaymentTermDays, settings.AutoIssue, settings.AutoSend));

        var bad = Crm.CrmApp.ClientForm("Bad Onboarding", team[TeamRole.OrganizationManager].UserId);
        bad["Onboarding[Billing.VatRule]"] = "ReverseCharge";
        var refused = await manager.PostFormAsync("/crm/clients/new", bad);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Reverse charge needs", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
