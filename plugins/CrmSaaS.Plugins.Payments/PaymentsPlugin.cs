using Coravel.Scheduling.Schedule.Interfaces;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Payments.Domain;
using CrmSaaS.Plugins.Payments.TestMode;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Plugins.Payments;

/// <summary>
/// Online payment of issued invoices: the team's Stripe and BTCPay Server accounts (secrets encrypted),
/// and their webhooks, verified and taken in once, recording payments through Billing's contract.
/// </summary>
public sealed class PaymentsPlugin : IPlugin
{
    public string Name => "Payments";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ProviderAccounts>();
        services.AddScoped<WebhookInbox>();
        services.AddScoped<StripeSignatureVerifier>();
        services.AddScoped<StripeWebhooks>();
        services.AddScoped<StripeConnection>();
        services.AddSingleton<PaymentsTestMode>();
        services.AddHttpClient(StripeConnection.HttpClientName).AddHttpMessageHandler(sp => new TestModeRouting(sp.GetRequiredService<PaymentsTestMode>(), PaymentProvider.Stripe));
        services.AddScoped<PaymentCheckout>();
        services.AddScoped<IPaymentProvider, BankTransferProvider>();
        services.AddScoped<IPaymentProvider, StripeProvider>();
        services.AddScoped<IPaymentProvider, BtcPayProvider>();
        services.AddScoped<StripeRefunds>();
        services.AddIntegrationEventHandler<Billing.Contracts.InvoicePaymentChanged, StripeFees>();
        services.AddScoped<StripeReconcile>();
        services.AddTransient<ScheduledStripeReconcile>();
        services.AddScoped<TestModeDelivery>();
        services.AddHttpClient(BtcPayClient.HttpClientName).AddHttpMessageHandler(sp => new TestModeRouting(sp.GetRequiredService<PaymentsTestMode>(), PaymentProvider.BtcPay));
        services.AddScoped<BtcPayClient>();
        services.AddScoped<BtcPaySignatureVerifier>();
        services.AddScoped<BtcPayWebhooks>();
    }

    public void ConfigureSchedule(IScheduler scheduler) =>
        scheduler.Schedule<ScheduledStripeReconcile>().DailyAtHour(3).PreventOverlapping(nameof(ScheduledStripeReconcile));

    public void ConfigureModel(ModelBuilder modelBuilder) => PaymentsModel.Configure(modelBuilder);

    public void MapEndpoints(PluginEndpoints endpoints)
    {
        StripeWebhooks.Map(endpoints);
        BtcPayWebhooks.Map(endpoints);
    }

    public IEnumerable<PermissionDefinition> Permissions => PaymentsPermissions.All;

    public IEnumerable<NavigationEntry> Navigation =>
    [
        new("Payment providers", "/Settings", Name, PaymentsPermissions.Settings, "credit-card", 402, NavigationSection.Team),
        new("Payments to review", "/Reviews", Name, PaymentsPermissions.Review, "patch-question", 403, NavigationSection.Team),
    ];

    public IEnumerable<DetailSection> DetailSections =>
    [
        new("Invoice", "OnlinePaymentsSection", PaymentsPermissions.Refund, 100),
    ];
}
