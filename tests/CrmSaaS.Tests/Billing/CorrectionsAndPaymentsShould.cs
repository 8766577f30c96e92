using System.Net;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Billing;

/// <summary>
/// Issued invoices change only through credit notes and payments: a cancellation (with or without
/// releasing the time for billing again), partial credits no larger than what is left, partial and
/// over-payments, deleting a payment; balances and states follow, and each change of state is an event.
/// </summary>
public sealed class CorrectionsAndPaymentsShould(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<(TimeWorld World, Browser Manager, Guid Invoice, string Url)> IssuedAsync() => BillingApp.IssuedAsync(app);

    private static Task<Invoice> InvoiceAsync(TimeWorld world, Guid id) => BillingApp.InvoiceAsync(world, id);

    private Task<List<string>> EventsAsync(TimeWorld world) => world.AsAsync(async sp =>
        (await sp.GetRequiredService<AppDbContext>().Set<StoredEvent>().AsNoTracking().Where(e => e.TenantId == world.Team.Tenant.Id && e.Type.EndsWith("InvoiceStatusChanged"))
            .ToListAsync()).Select(e => Regex.Match(e.Payload, "\"From\":\"(\\w+)\",\"To\":\"(\\w+)\"").Groups.Values.Skip(1).Select(g => g.Value).Aggregate((a, b) => a + ">" + b))
            .Order(StringComparer.Ordinal).ToList()); // the test clock stands still, so the events are compared as a set

    [Fact]
    public async Task CancelWithACreditNoteAndReleaseTheTimeOnlyWhenAsked()
    {
        var (world, manager, id, url) = await IssuedAsync();

        var cancelled = await manager.PostFormAsync(url + "?handler=Cancel", new() { ["releaseTime"] = "true" }, tokenFrom: url);

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var invoice = await InvoiceAsync(world, id);
        Assert.Equal((InvoiceStatus.Cancelled, 41650L), (invoice.Status, invoice.CreditedMinor));
        var note = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Invoice>().AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.CorrectsInvoiceId == id));
        Assert.Equal((DocumentKind.CreditNote, "CN-2026-00001", 41650L, true), (note.Kind, note.Number, note.GrossMinor, note.ReleasedTime));
        Assert.Equal(invoice.Lines.Select(l => (l.Description, l.NetMinor)), note.Lines.OrderBy(l => l.Position).Select(l => (l.Description, l.NetMinor)));
        Assert.All(await world.EntriesAsync(), e => Assert.Null(e.InvoiceId));
        Assert.Contains("Corrects invoice", await manager.GetStringAsync(cancelled.Headers.Location!.OriginalString), StringComparison.Ordinal);

        // The released time is drafted again; the cancelled invoice keeps its drill-down.
        var again = await world.AsAsync(sp => sp.GetRequiredService<InvoiceDrafting>().DraftForClientAsync(world.Client, world.Today, false, default));
        Assert.Equal(2, again!.Lines.SelectMany(l => l.Entries).Count());
        Assert.Equal(2, await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<InvoiceLineEntry>().CountAsync(e => e.InvoiceId == id)));

        var twice = await manager.PostFormAsync(url + "?handler=Cancel", new() { ["releaseTime"] = "false" }, tokenFrom: url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Equal(["Draft>Issued", "Draft>Issued", "Issued>Cancelled"], await EventsAsync(world));
    }

    [Fact]
    public async Task KeepTheTimeBilledWhenACancellationDoesNotReleaseIt()
    {
        var (world, manager, id, url) = await IssuedAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(url + "?handler=Cancel", new() { ["releaseTime"] = "false" }, tokenFrom: url)).StatusCode);

        Assert.All(await world.EntriesAsync(), e => Assert.Equal(id, e.InvoiceId));
        Assert.Null(await world.AsAsync(sp => sp.GetRequiredService<InvoiceDrafting>().DraftForClientAsync(world.Client, world.Today, false, default)));
    }

    [Fact]
    public async Task CreditChosenAmountsNoMoreThanIsLeftOfEachLine()
    {
        var (world, manager, id, url) = await IssuedAsync();
        var lines = (await InvoiceAsync(world, id)).Lines.OrderBy(l => l.Position).ToList();
        Dictionary<string, string> Credit(string amount) => new() { ["Credit.Lines[0].LineId"] = lines[1].Id.ToString(), ["Credit.Lines[0].Amount"] = amount };

        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(url + "?handler=Credit", Credit("60"), tokenFrom: url)).StatusCode);
        var tooMuch = await manager.PostFormAsync(url + "?handler=Credit", Credit("40.01"), tokenFrom: url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        Assert.Contains("at most 40.00 EUR", await tooMuch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var invoice = await InvoiceAsync(world, id);
        Assert.Equal((InvoiceStatus.Issued, 7140L), (invoice.Status, invoice.CreditedMinor)); // 60 + 19 %
        Assert.Contains("Open", await manager.GetStringAsync(url), StringComparison.Ordinal);
        Assert.Equal(41650L - 7140L, InvoiceBalances.Open(invoice));
    }

    [Fact]
    public async Task SettlePartialAndOverPaymentsAndRecomputeWhenOneIsDeleted()
    {
        var (world, manager, id, url) = await IssuedAsync();
        Dictionary<string, string> Pay(string amount) => new() { ["Payment.Amount"] = amount, ["Payment.PaidOn"] = world.Today.ToString("yyyy-MM-dd"), ["Payment.Method"] = "BankTransfer" };

        await manager.PostFormAsync(url + "?handler=Payment", Pay("200"), tokenFrom: url);
        Assert.Equal((InvoiceStatus.PartiallyPaid, 20000L), ((await InvoiceAsync(world, id)).Status, (await InvoiceAsync(world, id)).PaidMinor));
        await manager.PostFormAsync(url + "?handler=Payment", Pay("300"), tokenFrom: url);
        var paid = await InvoiceAsync(world, id);
        Assert.Equal((InvoiceStatus.Paid, 41650L), (paid.Status, paid.PaidMinor));
        var payments = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Payment>().AsNoTracking().OrderBy(p => p.RecordedAt).ToListAsync());
        Assert.Equal([0L, 8350L], payments.Select(p => p.OverpaidMinor));
        Assert.Equal(8350L, await world.AsAsync(sp => sp.GetRequiredService<CrmSaaS.Plugins.Billing.Domain.Payments>().CreditAsync(world.Client, "EUR", default)));

        var bad = await manager.PostFormAsync(url + "?handler=Payment", Pay("0.001"), tokenFrom: url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);

        await manager.PostFormAsync(url + "?handler=DeletePayment", new() { ["paymentId"] = payments[0].Id.ToString() }, tokenFrom: url);
        var after = await InvoiceAsync(world, id);
        Assert.Equal((InvoiceStatus.PartiallyPaid, 30000L), (after.Status, after.PaidMinor));
        Assert.Equal(0L, await world.AsAsync(sp => sp.GetRequiredService<CrmSaaS.Plugins.Billing.Domain.Payments>().CreditAsync(world.Client, "EUR", default)));
        Assert.Equal(["Draft>Issued", "Issued>PartiallyPaid", "Paid>PartiallyPaid", "PartiallyPaid>Paid"], await EventsAsync(world));

        var audit = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Kernel.Audit.AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == nameof(Payment)).Select(a => a.Action).ToListAsync());
        Assert.Contains(audit, a => a.ToString() == "Deleted");
    }

    [Fact]
    public async Task RefusePaymentsAndCorrectionsToThoseWithoutThePermission()
    {
        var (world, _, _, url) = await IssuedAsync();
        var sales = await app.SignInAsync(world.Team, world.Team[TeamRole.SalesManager]);

        Assert.Equal(HttpStatusCode.Forbidden, (await sales.PostFormAsync(url + "?handler=Cancel", new() { ["releaseTime"] = "false" }, tokenFrom: url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.PostFormAsync(url + "?handler=Payment", new() { ["Payment.Amount"] = "1", ["Payment.PaidOn"] = "2026-11-01", ["Payment.Method"] = "Cash" }, tokenFrom: url)).StatusCode);
        Assert.Equal(InvoiceStatus.Issued, (await InvoiceAsync(world, Guid.Parse(url.Split('/')[^1]))).Status);
    }

    [Fact]
    public async Task AgeWhatIsOpenByDaysPastTheDueDate()
    {
        var (world, manager, id, url) = await IssuedAsync();
        var aging = await manager.GetStringAsync("/billing/receivables");
        Assert.Matches("Acme</a></td>\\s*<td[^>]*>416.50 EUR</td>", aging); // not yet due
        Assert.Contains("Nothing is overdue.", aging, StringComparison.Ordinal);

        // 20 days on (due after 14) with 200 paid: 216.50 EUR in 0–30 days, and on the overdue list.
        await manager.PostFormAsync(url + "?handler=Payment", new() { ["Payment.Amount"] = "200", ["Payment.PaidOn"] = world.Today.ToString("yyyy-MM-dd"), ["Payment.Method"] = "Cash" }, tokenFrom: url);
        app.Clock.Advance(TimeSpan.FromDays(20));
        manager = await app.SignInAsync(world.Team, world.Manager); // the sign-in of 20 days ago has expired
        aging = await manager.GetStringAsync("/billing/receivables");
        Assert.Matches("Acme</a></td>\\s*<td[^>]*></td>\\s*<td[^>]*>216.50 EUR</td>", aging);
        Assert.Matches("<td class=\"text-end\">6</td>\\s*<td[^>]*>216.50 EUR</td>", aging); // six days late
        Assert.Contains("Overdue", await manager.GetStringAsync(url), StringComparison.Ordinal);
        Assert.Contains(id.ToString(), await manager.GetStringAsync("/billing/invoices?State=Overdue"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(30, 1)]
    [InlineData(31, 2)]
    [InlineData(60, 2)]
    [InlineData(61, 3)]
    [InlineData(90, 3)]
    [InlineData(91, 4)]
    [InlineData(-5, 0)]
    public void PutEachInvoiceInItsAgingBucket(int daysLate, int bucket)
    {
        var due = new DateOnly(2026, 11, 2);
        Assert.Equal(bucket, CrmSaaS.Plugins.Billing.Areas.Billing.Pages.ReceivablesModel.Bucket(due, due.AddDays(daysLate)));
    }

    [Fact]
    public async Task CreditAReverseChargeInvoiceWithItsNoteAndPassTheOfficialRules()
    {
        var world = await Time.TimeWorld.CreateAsync(app);
        await world.AddRateAsync(RateLevel.Client, 120m, world.Today.AddDays(-60), client: world.Client);
        await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
            new EntryInput(world.Project, null, null, null, world.Today.AddDays(-2), TimeSpan.FromHours(5), "Consulting", true), default));
        await world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var client = await db.Set<CrmSaaS.Plugins.Crm.Domain.Client>().SingleAsync(c => c.Id == world.Client);
            (client.Country, client.VatId, client.BillingAddress) = ("FR", "FR12345678901", "12 rue de la Paix\n75002 Paris");
            (await db.Set<ClientBillingSettings>().SingleAsync(s => s.ClientId == world.Client)).VatRule = VatRule.ReverseCharge;
            await db.SaveChangesAsync();
        });
        var manager = await app.SignInAsync(world.Team, world.Manager);
        await manager.PostFormAsync("/billing/settings", InvoicePagesShould.Profile());
        var drafted = await manager.PostFormAsync("/billing/invoices/new", new() { ["Input.ClientId"] = world.Client.ToString(), ["Input.UpTo"] = world.Today.ToString("yyyy-MM-dd") });
        var url = drafted.Headers.Location!.OriginalString;
        await manager.PostFormAsync(url + "?handler=Issue", [], tokenFrom: url);
        var line = (await InvoiceAsync(world, Guid.Parse(url.Split('/')[^1]))).Lines.Single();

        var credited = await manager.PostFormAsync(url + "?handler=Credit", new() { ["Credit.Lines[0].LineId"] = line.Id.ToString(), ["Credit.Lines[0].Amount"] = "150" }, tokenFrom: url);

        Assert.Equal(HttpStatusCode.Redirect, credited.StatusCode);
        var note = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Invoice>().AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Kind == DocumentKind.CreditNote));
        Assert.Equal((15000L, 0L, 15000L, "AE"), (note.NetMinor, note.VatMinor, note.GrossMinor, note.Lines.Single().VatCategory));
        var noteUrl = credited.Headers.Location!.OriginalString;
        Assert.Contains("Reverse charge: VAT is payable by the recipient.", BillingApp.PdfText(await manager.Client.GetByteArrayAsync(noteUrl + "/pdf")), StringComparison.Ordinal);
        var (valid, report) = await EInvoiceValidator.ValidateAsync(await manager.Client.GetByteArrayAsync(noteUrl + "/xml"), xrechnung: false);
        Assert.True(valid, report);
        Assert.Equal(60000L - 15000L, InvoiceBalances.Open(await InvoiceAsync(world, note.CorrectsInvoiceId!.Value)));
    }
}
