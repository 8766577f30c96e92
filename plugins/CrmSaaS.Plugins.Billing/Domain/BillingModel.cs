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
        b.Entity<NumberSequence>(e =>
        {
            e.ToTable("BilNumberSequences");
            e.HasIndex(s => new { s.TenantId, s.Kind, s.Year }).IsUnique();
        });
    }
}
