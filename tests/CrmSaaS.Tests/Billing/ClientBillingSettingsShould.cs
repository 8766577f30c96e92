using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Billing;

/// <summary>Every client has invoice settings: new ones from the form or an import, existing ones from the upgrade.</summary>
public sealed class ClientBillingSettingsShould(AppFactory app) : IClassFixture<AppFactory>, IDisposable
{
    private const string Before = "20261201174622_BillingInvoices";
    private readonly string _file = Path.Combine(Path.GetTempPath(), "crmsaas-tests", $"billing-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task GiveEveryNewClientItsSettingsWhateverCreatesIt()
    {
        var team = await Crm.CrmApp.TeamAsync(app);
        var browser = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var fromForm = await Crm.CrmApp.CreateClientAsync(browser, "Form Client", team[TeamRole.OrganizationManager].UserId);
        var upload = await browser.PostFileAsync("/crm/import", new() { ["Kind"] = "Clients" }, "CsvFile", "clients.csv", "Name\nImported One\nImported Two\n");
        var batch = upload.Headers.Location!.OriginalString;
        await browser.PostFormAsync(batch + "?handler=Apply", [], tokenFrom: batch);

        var (clients, settings) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.Set<Client>().Select(c => c.Id).ToListAsync(), await db.Set<ClientBillingSettings>().ToListAsync());
        }, team.Tenant);

        Assert.Equal(3, clients.Count);
        Assert.Contains(fromForm, clients);
        Assert.Equal(clients.Order(), settings.Select(s => s.ClientId).Order());
        Assert.All(settings, s => Assert.Equal((14, VatRule.Standard, BillingSchedule.Manual, true), (s.PaymentTermDays, s.VatRule, s.Schedule, s.AcceptBankTransfer)));
    }

    [Fact]
    public async Task GiveClientsThatExistedBeforeBillingTheDefaults()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        var tenant = new TenantInfo(Guid.NewGuid(), "upgrade", "Upgrade", TenantState.Active, "EUR");
        await using (var db = Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
            using var _ = TenantContext.BeginScope(tenant);
            db.Add(new Client { Name = "Old One", Status = ClientStatus.Active, Currency = "EUR", ResponsibleManagerId = Guid.NewGuid() });
            db.Add(new Client { Name = "Old Two", Status = ClientStatus.Lead, Currency = "JPY", ResponsibleManagerId = Guid.NewGuid() });
            await db.SaveChangesAsync();
        }

        SqliteConnection.ClearAllPools();
        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
            var settings = await db.Set<ClientBillingSettings>().IgnoreQueryFilters().ToListAsync();
            Assert.Equal(2, settings.Count);
            Assert.All(settings, s => Assert.Equal((tenant.Id, 14, true, false), (s.TenantId, s.PaymentTermDays, s.AcceptBankTransfer, s.AutoIssue)));
        }
    }

    private AppDbContext Context()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={_file}", x => x.MigrationsAssembly("CrmSaaS.Migrations.Sqlite"))
            .AddInterceptors(new CrmSaaS.Web.Hosting.SqliteConnectionSetup()).Options;
        return new AppDbContext(options, new TenantContext(), new PluginCatalog(CrmSaaS.Web.Plugins.All));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}
