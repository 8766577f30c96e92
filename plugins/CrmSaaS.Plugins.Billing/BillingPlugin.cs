using Coravel.Events.Interfaces;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Plugins.Billing;

/// <summary>
/// Invoices from tracked time. So far the foundations: numbered ranges whose numbers are taken only
/// when a document is issued (never reused, never shared), and totals computed once, exactly, per
/// EN 16931. Pages, drafting, issuing, documents and runs build on them.
/// </summary>
public sealed class BillingPlugin : IPlugin
{
    public string Name => "Billing";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<DocumentNumbers>();
        services.AddScoped<InvoiceDrafting>();
        services.AddScoped<InvoiceIssuing>();
        services.AddTransient<OnClientCreatedAddBillingSettings>();
    }

    public void ConfigureEvents(IEventRegistration events) =>
        events.Register<Crm.Contracts.ClientCreated>().Subscribe<OnClientCreatedAddBillingSettings>();

    public void ConfigureModel(ModelBuilder modelBuilder) => BillingModel.Configure(modelBuilder);

    public IEnumerable<PermissionDefinition> Permissions => BillingPermissions.All;
}
