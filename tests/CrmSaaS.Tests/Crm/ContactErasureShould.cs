using System.IO.Compression;
using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.DataExport;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmSaaS.Tests.Crm;

/// <summary>
/// Erasing a contact's personal data (the right to erasure): the demo's portal contact — client admin,
/// billing contact, collaborator on a project, signed in, written to — is erased by the Organization
/// Manager, and nothing in the team names the person afterwards but the issued invoices.
/// </summary>
public sealed class ContactErasureShould
{
    [Fact]
    public async Task RemoveThePersonEverywhereInTheTeamKeepTheInvoicesAndEndTheirAccess()
    {
        using var app = new AppFactory();
        var signIns = await app.WithScopeAsync(sp => DemoSeeder.SeedAsync(sp, sp.GetRequiredService<IConfiguration>(), NullLogger.Instance));
        var person = signIns.Single(s => s.Who == "Client contact (portal)");
        var managerLogin = signIns.First(s => s.Who.Contains("Organization Manager", StringComparison.Ordinal));
        var salesLogin = signIns.First(s => s.Who.Contains("Sales Manager", StringComparison.Ordinal));
        async Task<Browser> SignInAsync(string email, string password)
        {
            var browser = app.Browser("demo.localhost");
            Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/account/signin", new() { ["Input.Email"] = email, ["Input.Password"] = password })).StatusCode);
            return browser;
        }

        var manager = await SignInAsync(managerLogin.Email, managerLogin.Password);
        var client = await SignInAsync(person.Email, person.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/portal")).StatusCode);
        var demo = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Tenants.AsNoTracking().SingleAsync(t => t.Identifier == DatabaseStartup.DemoTeam));
        T InTeam<T>(Func<AppDbContext, T> read) => app.WithScopeAsync(sp => Task.FromResult(read(sp.GetRequiredService<AppDbContext>())), demo.ToInfo()).GetAwaiter().GetResult();
        var contact = InTeam(db => db.Set<Contact>().AsNoTracking().Single(c => c.Email == person.Email));
        var name = contact.FullName;
        var other = InTeam(db => db.Set<Contact>().AsNoTracking().First(c => c.Id != contact.Id && c.Email != null));
        var invoicesBefore = InTeam(db => db.Set<CrmSaaS.Plugins.Billing.Domain.Invoice>().Count(i => i.Number != null));

        // Someone wrote about them, and the team emailed them.
        var logged = await manager.PostFormAsync($"/crm/contacts/{contact.Id}?handler=Log", new()
        {
            ["Activity.Type"] = "Call", ["Activity.Subject"] = $"Call with {name}", ["Activity.Text"] = $"{name} asked about the budget.",
        }, $"/crm/contacts/{contact.Id}");
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        await app.WithScopeAsync(async sp =>
        {
            sp.GetRequiredService<CrmSaaS.Kernel.Email.IEmailOutbox>().Enqueue(person.Email, $"Hello {name}", $"Dear {name}, …");
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }, demo.ToInfo());

        // Only the Organization Manager may erase.
        var sales = await SignInAsync(salesLogin.Email, salesLogin.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.PostFormAsync($"/crm/contacts/{contact.Id}?handler=Erase", [], $"/crm/contacts/{contact.Id}")).StatusCode);
        Assert.DoesNotContain("Erase personal data", await sales.GetStringAsync($"/crm/contacts/{contact.Id}"));
        Assert.Contains("Erase personal data", await manager.GetStringAsync($"/crm/contacts/{contact.Id}"));

        var erased = await manager.PostFormAsync($"/crm/contacts/{contact.Id}?handler=Erase", [], $"/crm/contacts/{contact.Id}");
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        var page = await manager.GetStringAsync($"/crm/contacts/{contact.Id}");
        Assert.Contains("Personal data erased on", page);
        Assert.Contains("Portal access removed", page);
        Assert.DoesNotContain(name, page);
        Assert.DoesNotContain(person.Email, page);

        // The contact stays, without the person; the other contact is untouched; invoices stay.
        var after = InTeam(db => db.Set<Contact>().AsNoTracking().Single(c => c.Id == contact.Id));
        Assert.Equal(("Erased", "contact", (string?)null, (string?)null, (string?)null), (after.FirstName, after.LastName, after.Email, after.Phone, after.Notes));
        Assert.NotNull(after.ErasedAt);
        Assert.Equal(other.Email, InTeam(db => db.Set<Contact>().AsNoTracking().Single(c => c.Id == other.Id).Email));
        Assert.Equal(invoicesBefore, InTeam(db => db.Set<CrmSaaS.Plugins.Billing.Domain.Invoice>().Count(i => i.Number != null)));
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/billing/invoices")).StatusCode);
        Assert.DoesNotContain(name, await manager.GetStringAsync($"/crm/contacts?q={Uri.EscapeDataString(contact.LastName)}"));

        // No access left: the open session is refused, the roles are gone.
        var portal = await client.GetAsync("/portal");
        Assert.NotEqual(HttpStatusCode.OK, portal.StatusCode);
        Assert.Equal(0, InTeam(db => db.Set<CrmSaaS.Plugins.Portal.Domain.PortalAccess>().Count(a => a.ContactId == contact.Id)));
        Assert.Equal(0, InTeam(db => db.Set<CrmSaaS.Plugins.Projects.Domain.ProjectMember>().Count(m => m.ContactId == contact.Id)));
        Assert.Equal(0, InTeam(db => db.Set<CrmSaaS.Plugins.Billing.Domain.ClientBillingContact>().Count(b => b.ContactId == contact.Id)));

        // Nothing of the team's data names them: not the audit log, not the emails, not the activities
        // (the export reads every table); only the issued invoice documents, kept unchanged.
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/team/export", [])).StatusCode);
        await app.Services.GetRequiredService<TeamExports>().RunDueAsync(default);
        var exportId = InTeam(db => db.Set<TeamExport>().AsNoTracking().Single().Id);
        using var zip = new ZipArchive(new MemoryStream(await (await manager.GetAsync($"/team/export?handler=Download&id={exportId}")).Content.ReadAsByteArrayAsync()));
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("json/", StringComparison.Ordinal) || e.FullName.StartsWith("csv/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            var text = await reader.ReadToEndAsync();
            Assert.False(text.Contains(person.Email, StringComparison.OrdinalIgnoreCase), $"{entry.FullName} still has the address");
            Assert.False(text.Contains(name, StringComparison.Ordinal), $"{entry.FullName} still has the name");
            Assert.False(text.Contains(System.Text.Json.JsonSerializer.Serialize(name)[1..^1], StringComparison.Ordinal), $"{entry.FullName} still has the name (escaped)");
        }

        // Erasing again only says so.
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"/crm/contacts/{contact.Id}?handler=Erase", [], $"/crm/contacts/{contact.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostFormAsync($"/crm/contacts/{Guid.NewGuid()}?handler=Erase", [], $"/crm/contacts/{contact.Id}")).StatusCode);
    }
}
