using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Payments.Domain;

public static class PaymentsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ProviderAccount>(e =>
        {
            e.ToTable("PayAccounts");
            e.Property(a => a.ServerUrl).HasMaxLength(300);
            e.Property(a => a.StoreId).HasMaxLength(100);
            e.Property(a => a.ProtectedApiKey).HasMaxLength(2000);
            e.Property(a => a.ProtectedWebhookSecret).HasMaxLength(2000);
            e.HasIndex(a => new { a.TenantId, a.Provider }).IsUnique();
        });
        b.Entity<WebhookEvent>(e =>
        {
            e.ToTable("PayWebhookEvents");
            e.Property(w => w.EventId).HasMaxLength(200);
            e.Property(w => w.Type).HasMaxLength(100);
            e.Property(w => w.Outcome).HasMaxLength(300);
            e.HasIndex(w => new { w.TenantId, w.Provider, w.EventId }).IsUnique();
        });
        b.Entity<PaymentAttempt>(e =>
        {
            e.ToTable("PayAttempts");
            e.Property(a => a.ProviderId).HasMaxLength(200);
            e.Property(a => a.CheckoutUrl).HasMaxLength(1000);
            e.Property(a => a.Currency).HasMaxLength(3);
            e.Property(a => a.ReviewReason).HasMaxLength(100);
            e.HasIndex(a => new { a.TenantId, a.InvoiceId });
            e.HasIndex(a => new { a.TenantId, a.Provider, a.ProviderId }).IsUnique().HasFilter("\"ProviderId\" IS NOT NULL");
        });
        b.Entity<RefundRequest>(e =>
        {
            e.ToTable("PayRefunds");
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.PaymentReference).HasMaxLength(200);
            e.Property(r => r.Currency).HasMaxLength(3);
            e.Property(r => r.ProviderRefundId).HasMaxLength(200);
            e.Property(r => r.Error).HasMaxLength(500);
            e.HasIndex(r => new { r.TenantId, r.InvoiceId });
        });
    }
}
