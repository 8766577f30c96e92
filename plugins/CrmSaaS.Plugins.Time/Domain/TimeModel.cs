using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Time.Domain;

internal static class TimeModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<TimeSettings>(e =>
        {
            e.ToTable("TimSettings");
            e.HasIndex(s => s.TenantId).IsUnique();
        });
        b.Entity<MemberTimeProfile>(e =>
        {
            e.ToTable("TimMemberProfiles");
            e.Property(p => p.CostCurrency).HasMaxLength(3);
            e.Property(p => p.WeeklyCapacityHours).HasPrecision(6, 2);
            e.Property(p => p.CostRate).HasPrecision(19, 4);
            e.HasIndex(p => new { p.TenantId, p.UserId }).IsUnique();
        });
        b.Entity<Rate>(e =>
        {
            e.ToTable("TimRates");
            e.Property(r => r.Amount).HasPrecision(19, 4);
            e.Property(r => r.Currency).HasMaxLength(3);
            e.HasIndex(r => new { r.TenantId, r.Level, r.ProjectId, r.UserId, r.EffectiveFrom });
            e.HasIndex(r => new { r.TenantId, r.ClientId, r.EffectiveFrom });
        });
        b.Entity<TimeEntry>(e =>
        {
            e.ToTable("TimEntries");
            e.Ignore(t => t.IsLocked);
            // Every update of an entry checks it is still unbilled, so an edit or a reprice can never
            // touch an entry that MarkEntriesBilled took a moment before.
            e.Property(t => t.InvoiceId).IsConcurrencyToken();
            e.Property(t => t.Description).HasMaxLength(TimeLimits.Description);
            e.Property(t => t.RateAmount).HasPrecision(19, 4);
            e.Property(t => t.RateCurrency).HasMaxLength(3);
            e.HasIndex(t => new { t.TenantId, t.UserId, t.LocalDate });
            e.HasIndex(t => new { t.TenantId, t.ClientId, t.LocalDate });
            e.HasIndex(t => new { t.TenantId, t.ProjectId, t.LocalDate });
            e.HasIndex(t => new { t.TenantId, t.InvoiceId });
            // A project's and a client's unbilled time (their pages' time section) read from the index alone (covering, so the filtered columns are in it too),
            // however much of their time is billed already or however many entries they have.
            e.HasIndex(t => new { t.TenantId, t.ProjectId, t.RateCurrency, t.Seconds, t.AmountMinor, t.Billable, t.InvoiceId }, "IX_TimEntries_Unbilled_Project")
                .HasFilter("\"Billable\" AND \"InvoiceId\" IS NULL");
            e.HasIndex(t => new { t.TenantId, t.ClientId, t.RateCurrency, t.Seconds, t.AmountMinor, t.Billable, t.InvoiceId }, "IX_TimEntries_Unbilled_Client")
                .HasFilter("\"Billable\" AND \"InvoiceId\" IS NULL");
            e.ReferencesProject(t => t.ProjectId, DeleteBehavior.Restrict);
            e.ReferencesClient(t => t.ClientId, DeleteBehavior.Restrict);
            e.ReferencesTask(t => t.TaskId, DeleteBehavior.SetNull);
        });
        b.Entity<RunningTimer>(e =>
        {
            e.ToTable("TimRunningTimers");
            e.Property(t => t.Description).HasMaxLength(TimeLimits.Description);
            e.HasIndex(t => new { t.TenantId, t.UserId }).IsUnique();
            e.ReferencesProject(t => t.ProjectId, DeleteBehavior.Cascade);
        });
        b.Entity<BudgetAlert>(e =>
        {
            e.ToTable("TimBudgetAlerts");
            e.HasIndex(a => new { a.TenantId, a.ProjectId, a.Percent }).IsUnique();
            e.ReferencesProject(a => a.ProjectId, DeleteBehavior.Cascade);
        });
        b.Entity<TimeDayTotal>(e =>
        {
            e.ToTable("TimDayTotals");
            e.HasKey(t => new { t.TenantId, t.Day, t.ProjectId, t.UserId, t.Billable, t.Currency });
            e.Property(t => t.Currency).HasMaxLength(3);
            e.HasIndex(t => new { t.TenantId, t.ClientId, t.Day });
            // A project's hours (its page, its budget after every entry, the portal) without reading the team's other days.
            e.HasIndex(t => new { t.TenantId, t.ProjectId, t.Day });
        });
        b.Entity<TimeMonthTotal>(e =>
        {
            e.ToTable("TimMonthTotals");
            e.HasKey(t => new { t.TenantId, t.Month, t.ClientId, t.Billable, t.Currency });
            e.Property(t => t.Currency).HasMaxLength(3);
        });
    }
}

public static class TimeLimits
{
    public const int Description = 1000;
    /// <summary>One entry covers at most a day.</summary>
    public const int MaxSeconds = 24 * 3600;
    /// <summary>How far ahead an entry may be dated.</summary>
    public const int FutureDays = 7;
}
