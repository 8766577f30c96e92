using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Domain;

public static class BillingModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<NumberRange>(e =>
        {
            e.ToTable("BilNumberRanges");
            e.Property(r => r.Pattern).HasMaxLength(DocumentNumbers.MaxPatternLength);
            e.HasIndex(r => new { r.TenantId, r.Kind }).IsUnique();
        });
        b.Entity<Invoice>(e =>
        {
            e.ToTable("BilInvoices");
            e.Property(i => i.Number).HasMaxLength(DocumentNumbers.MaxPatternLength + 20);
            e.Property(i => i.Currency).HasMaxLength(3);
            e.Property(i => i.Language).HasMaxLength(5);
            // Numbers are unique per team and kind (each kind has its range); drafts have none.
            e.HasIndex(i => new { i.TenantId, i.Kind, i.Number }).IsUnique().HasFilter("\"Number\" IS NOT NULL");
            e.HasIndex(i => new { i.TenantId, i.ClientId, i.Status });
            e.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<InvoiceLine>(e =>
        {
            e.ToTable("BilInvoiceLines");
            e.Property(l => l.Description).HasMaxLength(InvoiceLimits.Description);
            e.Property(l => l.VatCategory).HasMaxLength(2);
            e.Property(l => l.Quantity).HasPrecision(18, 4);
            e.Property(l => l.UnitPrice).HasPrecision(18, 4);
            e.Property(l => l.VatRate).HasPrecision(5, 2);
            e.HasIndex(l => new { l.TenantId, l.InvoiceId, l.Position });
            e.HasMany(l => l.Entries).WithOne().HasForeignKey(x => x.InvoiceLineId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<InvoiceLineEntry>(e =>
        {
            e.ToTable("BilInvoiceLineEntries");
            e.Property(x => x.Rate).HasPrecision(18, 4);
            e.HasIndex(x => new { x.TenantId, x.TimeEntryId }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.InvoiceId });
        });
        b.Entity<ClientBillingSettings>(e =>
        {
            e.ToTable("BilClientSettings");
            e.HasKey(c => c.ClientId);
            e.Property(c => c.BuyerReference).HasMaxLength(100);
            e.HasIndex(c => c.TenantId);
        });
        b.Entity<NumberSequence>(e =>
        {
            e.ToTable("BilNumberSequences");
            e.HasIndex(s => new { s.TenantId, s.Kind, s.Year }).IsUnique();
        });
    }
}
