using System.Net;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace CrmSaaS.Tests.Billing;

/// <summary>Billing as tests start from it: an issued invoice over HTTP, reading invoices back, a PDF's text.</summary>
public static class BillingApp
{
    /// <summary>A team's invoice of 2.5 hours at 100 EUR and a 100 EUR fee, issued by its manager: 350 net, 66.50 VAT, 416.50 gross.</summary>
    public static async Task<(TimeWorld World, Browser Manager, Guid Invoice, string Url)> IssuedAsync(AppFactory app)
    {
        var world = await TimeWorld.CreateAsync(app);
        await world.AddRateAsync(RateLevel.Client, 100m, world.Today.AddDays(-60), client: world.Client);
        foreach (var (daysAgo, minutes) in new[] { (6, 60), (3, 90) })
        {
            await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
                new EntryInput(world.Project, null, null, null, world.Today.AddDays(-daysAgo), TimeSpan.FromMinutes(minutes), $"Work {daysAgo}", true), default));
        }

        var manager = await app.SignInAsync(world.Team, world.Manager);
        var drafted = await manager.PostFormAsync("/billing/invoices/new", new() { ["Input.ClientId"] = world.Client.ToString(), ["Input.UpTo"] = world.Today.ToString("yyyy-MM-dd") });
        var id = Guid.Parse(Regex.Match(drafted.Headers.Location!.OriginalString, "[0-9a-f-]{36}").Value);
        var url = $"/billing/invoices/{id}";
        await manager.PostFormAsync(url + "?handler=AddLine", new() { ["Line.Kind"] = "Fee", ["Line.Description"] = "Setup", ["Line.Quantity"] = "1", ["Line.UnitPrice"] = "100" }, tokenFrom: url);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(url + "?handler=Issue", [], tokenFrom: url)).StatusCode);
        return (world, manager, id, url); // 250 + 100 = 350 net, 66.50 VAT, 416.50 gross
    }

    /// <summary>Makes the contact one of the client's billing contacts (the client's settings page does the same).</summary>
    public static Task BillingContactAsync(AppFactory app, CrmSaaS.Kernel.Tenancy.TenantInfo team, Guid client, Guid contact) => app.WithScopeAsync(async sp =>
    {
        sp.GetRequiredService<AppDbContext>().Add(new ClientBillingContact { ClientId = client, ContactId = contact });
        await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
    }, team);

    public static Task<Invoice> InvoiceAsync(TimeWorld world, Guid id) =>
        world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Invoice>().AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == id));

    /// <summary>Each page's text as read: words on one baseline left to right, lines top to bottom.</summary>
    public static List<string> PdfPages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(page => string.Join("\n", page.GetWords()
            .GroupBy(w => Math.Round(w.BoundingBox.Bottom))
            .OrderByDescending(line => line.Key)
            .Select(line => string.Join(" ", line.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))))).ToList();
    }

    public static string PdfText(byte[] pdf) => string.Join("\n", PdfPages(pdf));
}
