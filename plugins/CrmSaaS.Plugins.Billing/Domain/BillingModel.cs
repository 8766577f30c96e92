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
            e.Property(i => i.BuyerName).HasMaxLength(200);
            e.Property(i => i.BuyerAddress).HasMaxLength(500);
            e.Property(i => i.BuyerCountry).HasMaxLength(2);
            e.Property(i => i.BuyerVatId).HasMaxLength(30);
            e.Property(i => i.BuyerReference).HasMaxLength(100);
            e.Property(i => i.VatNote).HasMaxLength(300);
            e.Property(i => i.DisputeNote).HasMaxLength(300);
            e.Property(i => i.VatCategory).HasMaxLength(2);
            e.Property(i => i.VatRate).HasPrecision(5, 2);
            e.Property(i => i.FxFrom).HasMaxLength(3);
            e.Property(i => i.FxRate).HasPrecision(18, 8);
            e.Property(i => i.FxSource).HasMaxLength(20);
            e.Property(i => i.TaxCurrency).HasMaxLength(3);
            e.Property(i => i.TaxFxRate).HasPrecision(18, 8);
            e.Property(i => i.BaseCurrency).HasMaxLength(3);
            e.Property(i => i.BaseFxRate).HasPrecision(18, 8);
            // Numbers are unique per team and kind (each kind has its range); drafts have none.
            e.HasIndex(i => new { i.TenantId, i.Kind, i.Number }).IsUnique().HasFilter("\"Number\" IS NOT NULL");
            e.HasIndex(i => new { i.TenantId, i.ClientId, i.Status });
            e.HasIndex(i => new { i.TenantId, i.RunId }).IsUnique().HasFilter("\"RunId\" IS NOT NULL");
            // An invoice's credit notes, summed whenever its balance is settled.
            e.HasIndex(i => new { i.TenantId, i.CorrectsInvoiceId }).HasFilter("\"CorrectsInvoiceId\" IS NOT NULL");
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
            e.Property(x => x.RateCurrency).HasMaxLength(3);
            e.HasIndex(x => new { x.TenantId, x.TimeEntryId }).IsUnique().HasFilter("\"ReleasedAt\" IS NULL");
            e.HasIndex(x => new { x.TenantId, x.InvoiceId });
        });
        b.Entity<ClientBillingSettings>(e =>
        {
            e.ToTable("BilClientSettings");
            e.HasKey(c => c.ClientId);
            e.Property(c => c.BuyerReference).HasMaxLength(100);
            e.HasIndex(c => c.TenantId);
        });
        b.Entity<BillingProfile>(e =>
        {
            e.ToTable("BilProfiles");
            e.HasIndex(p => p.TenantId).IsUnique();
            e.Property(p => p.LegalName).HasMaxLength(BillingProfileLimits.Name);
            e.Property(p => p.Street).HasMaxLength(BillingProfileLimits.Name);
            e.Property(p => p.PostalCode).HasMaxLength(20);
            e.Property(p => p.City).HasMaxLength(100);
            e.Property(p => p.Country).HasMaxLength(2);
            e.Property(p => p.VatId).HasMaxLength(30);
            e.Property(p => p.TaxNumber).HasMaxLength(30);
            e.Property(p => p.ContactName).HasMaxLength(100);
            e.Property(p => p.ContactEmail).HasMaxLength(254);
            e.Property(p => p.ContactPhone).HasMaxLength(40);
            e.Property(p => p.Iban).HasMaxLength(34);
            e.Property(p => p.Bic).HasMaxLength(11);
            e.Property(p => p.BankName).HasMaxLength(100);
            e.Property(p => p.Footer).HasMaxLength(BillingProfileLimits.Footer);
            e.Property(p => p.VatRate).HasPrecision(5, 2);
            e.Property(p => p.LogoContentType).HasMaxLength(30);
            e.Property(p => p.EmailSubjectEn).HasMaxLength(200);
            e.Property(p => p.EmailSubjectDe).HasMaxLength(200);
            e.Property(p => p.EmailBodyEn).HasMaxLength(BillingProfileLimits.EmailBody);
            e.Property(p => p.EmailBodyDe).HasMaxLength(BillingProfileLimits.EmailBody);
        });
        b.Entity<ClientBillingContact>(e =>
        {
            e.ToTable("BilClientContacts");
            e.HasIndex(c => new { c.TenantId, c.ClientId, c.ContactId }).IsUnique();
        });
        b.Entity<InvoiceDocument>(e =>
        {
            e.ToTable("BilInvoiceDocuments");
            e.HasIndex(d => new { d.TenantId, d.InvoiceId, d.Format }).IsUnique();
        });
        b.Entity<InvoiceRun>(e =>
        {
            e.ToTable("BilRuns");
            e.Property(r => r.Reason).HasMaxLength(InvoiceRuns.ReasonLength);
            e.HasIndex(r => new { r.TenantId, r.ClientId, r.PeriodTo }).IsUnique();
            e.HasIndex(r => new { r.TenantId, r.CreatedAt });
        });
        b.Entity<Payment>(e =>
        {
            e.ToTable("BilPayments");
            e.Property(p => p.Currency).HasMaxLength(3);
            e.Property(p => p.Reference).HasMaxLength(200);
            e.Property(p => p.Provider).HasMaxLength(20);
            e.Property(p => p.ProviderReference).HasMaxLength(200);
            e.HasIndex(p => new { p.TenantId, p.Provider, p.ProviderReference }).IsUnique().HasFilter("\"ProviderReference\" IS NOT NULL");
            e.HasIndex(p => new { p.TenantId, p.InvoiceId });
            e.HasIndex(p => new { p.TenantId, p.ClientId, p.PaidOn });
        });
        b.Entity<ExchangeRate>(e =>
        {
            e.ToTable("BilExchangeRates");
            e.Property(r => r.From).HasMaxLength(3);
            e.Property(r => r.To).HasMaxLength(3);
            e.Property(r => r.Source).HasMaxLength(20);
            e.Property(r => r.Rate).HasPrecision(18, 8);
            e.HasIndex(r => new { r.TenantId, r.From, r.To, r.Day }).IsUnique();
        });
        b.Entity<NumberSequence>(e =>
        {
            e.ToTable("BilNumberSequences");
            e.HasIndex(s => new { s.TenantId, s.Kind, s.Year }).IsUnique();
        });
        b.Entity<DunningLevel>(e =>
        {
            e.ToTable("BilDunningLevels");
            e.Property(d => d.Fee).HasPrecision(18, 4);
            e.Property(d => d.SubjectEn).HasMaxLength(200);
            e.Property(d => d.SubjectDe).HasMaxLength(200);
            e.Property(d => d.BodyEn).HasMaxLength(BillingProfileLimits.EmailBody);
            e.Property(d => d.BodyDe).HasMaxLength(BillingProfileLimits.EmailBody);
            e.HasIndex(d => new { d.TenantId, d.DaysAfterDue }).IsUnique();
        });
        b.Entity<InvoiceReminder>(e =>
        {
            e.ToTable("BilReminders");
            e.Property(r => r.SentTo).HasMaxLength(1000);
            e.HasIndex(r => new { r.TenantId, r.InvoiceId, r.Level }).IsUnique();
        });
    }
}
