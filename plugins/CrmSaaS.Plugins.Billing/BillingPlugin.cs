using Coravel.Events.Interfaces;
using Coravel.Scheduling.Schedule.Interfaces;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Plugins.Billing;

/// <summary>
/// Invoices from tracked time: a billing profile and per-client invoice settings, drafts grouped as
/// the client wants with manual lines, issuing that takes a number and bills the time in one unit of
/// work, totals computed once exactly per EN 16931, and the documents of every issued invoice.
/// </summary>
public sealed class BillingPlugin : IPlugin
{
    public string Name => "Billing";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<BillingTerms>();
        services.AddScoped<ExchangeRates>();
        services.AddHttpClient<EcbFeed>();
        services.AddScoped<EcbImport>();
        services.AddTransient<ScheduledEcbRates>();
        services.AddScoped<DocumentNumbers>();
        services.AddScoped<InvoiceDrafting>();
        services.AddScoped<DraftEditing>();
        services.AddScoped<InvoiceIssuing>();
        services.AddScoped<Documents.InvoiceDocuments>();
        services.AddScoped<InvoiceSending>();
        services.AddScoped<InvoiceBalances>();
        services.AddScoped<Corrections>();
        services.AddScoped<Payments>();
        services.AddScoped<ClientStatements>();
        services.AddScoped<RevenueReports>();
        services.AddScoped<InvoiceRuns>();
        services.AddScoped<Crm.Contracts.IContactErasure, BillingErasure>();
        services.AddTransient<ScheduledInvoiceRun>();
        services.AddScoped<Reminders>();
        services.AddIntegrationEventHandler<Contracts.InvoicePaymentChanged, PaymentNotices>();
        services.AddTransient<ScheduledReminders>();
        services.AddScoped<Crm.Contracts.IOnboardingContributor, BillingOnboarding>();
        services.AddTransient<OnClientCreatedAddBillingSettings>();
    }

    public void ConfigureEvents(IEventRegistration events) =>
        events.Register<Crm.Contracts.ClientCreated>().Subscribe<OnClientCreatedAddBillingSettings>();

    public void ConfigureSchedule(IScheduler scheduler)
    {
        scheduler.Schedule<ScheduledInvoiceRun>().EveryFiveMinutes().PreventOverlapping(nameof(ScheduledInvoiceRun));
        scheduler.Schedule<ScheduledReminders>().EveryFifteenMinutes().PreventOverlapping(nameof(ScheduledReminders));
        scheduler.Schedule<ScheduledEcbRates>().Hourly().PreventOverlapping(nameof(ScheduledEcbRates));
    }

    public void MapEndpoints(PluginEndpoints endpoints)
    {
        InvoiceDownloads.Map(endpoints);
        StatementDownloads.Map(endpoints);
        RevenueDownloads.Map(endpoints);
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => BillingModel.Configure(modelBuilder);

    public IEnumerable<PermissionDefinition> Permissions => BillingPermissions.All;

    public IEnumerable<NavigationEntry> Navigation =>
    [
        new("Invoices", "/Invoices/Index", Name, BillingPermissions.Read, "receipt", 400),
        new("Revenue", "/Revenue", Name, BillingPermissions.Read, "graph-up-arrow", 398, NavigationSection.Analytics),
        new("Receivables", "/Receivables", Name, BillingPermissions.Read, "hourglass-split", 400, NavigationSection.Analytics),
        new("Payment reminders", "/Reminders", Name, BillingPermissions.Read, "bell", 407, NavigationSection.Team),
        new("Invoice runs", "/Runs", Name, BillingPermissions.Read, "calendar-check", 405, NavigationSection.Team),
        new("Billing settings", "/Settings", Name, BillingPermissions.Settings, "receipt", 400, NavigationSection.Team),
        new("Exchange rates", "/ExchangeRates", Name, BillingPermissions.Settings, "currency-exchange", 410, NavigationSection.Team),
    ];

    public IEnumerable<DetailSection> DetailSections =>
    [
        new("Client", "ClientBillingSection", BillingPermissions.Read, 250),
        new("Contact", "ContactBillingSection", BillingPermissions.Read, 150),
    ];

    public Task SeedDemoAsync(DemoSeedContext context, CancellationToken cancellationToken) => BillingDemoData.SeedAsync(context, cancellationToken);
}
