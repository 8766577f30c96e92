using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Tenancy;

namespace CrmSaaS.Plugins.Time.Domain;

public enum RoundingMode
{
    None = 0,
    Up = 1,
    Nearest = 2,
}

/// <summary>The team's time settings. One row per team; absent means the defaults.</summary>
public class TimeSettings : ITenantOwned
{
    public static readonly int[] RoundingSteps = [1, 5, 6, 10, 15, 30];

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public DayOfWeek FirstDayOfWeek { get; set; } = DayOfWeek.Monday;
    /// <summary>Applies to billable amounts; the tracked time itself is kept exact.</summary>
    public RoundingMode Rounding { get; set; } = RoundingMode.None;
    public int RoundingMinutes { get; set; } = 15;
}

/// <summary>A member's weekly capacity and cost rate (their time zone is in their kernel profile).</summary>
public class MemberTimeProfile : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public decimal WeeklyCapacityHours { get; set; } = 40;
    /// <summary>What an hour of this member costs the team, in <see cref="CostCurrency"/>.</summary>
    public decimal? CostRate { get; set; }
    public string CostCurrency { get; set; } = "EUR";
}

/// <summary>Where a rate applies, most specific first.</summary>
public enum RateLevel
{
    MemberOnProject = 0,
    Project = 1,
    Client = 2,
    MemberDefault = 3,
    TeamDefault = 4,
}

/// <summary>
/// An hourly rate from a date on. Rates are never edited in place: a change is a new row with a
/// later <see cref="EffectiveFrom"/>, so entries saved before keep the rate they were priced with.
/// </summary>
public class Rate : ITenantOwned
{
    /// <summary>Rates keep four decimals (12.3456 per hour), whatever the currency; amounts are rounded once, to the minor unit.</summary>
    public const int Decimals = 4;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public RateLevel Level { get; set; }
    public Guid? UserId { get; set; }
    public Guid? ProjectId { get; set; }
    public Guid? ClientId { get; set; }
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "EUR";
    public DateOnly EffectiveFrom { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid CreatedBy { get; set; }
}

/// <summary>Time a member spent on a client's project.</summary>
public class TimeEntry : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public Guid ProjectId { get; set; }
    /// <summary>The project's client, copied so reports and billing need no join.</summary>
    public Guid ClientId { get; set; }
    public Guid? TaskId { get; set; }
    /// <summary>Start and end (UTC) when known; a duration entered for a day has neither.</summary>
    public DateTime? StartUtc { get; set; }
    public DateTime? EndUtc { get; set; }
    public int Seconds { get; set; }
    /// <summary>The member's local date of the work (from the start in their time zone).</summary>
    public DateOnly LocalDate { get; set; }
    public string? Description { get; set; }
    public bool Billable { get; set; }
    /// <summary>Seconds after the team's rounding rule; what is billed.</summary>
    public int BillableSeconds { get; set; }
    /// <summary>The rate snapshot taken when the entry was saved.</summary>
    public decimal? RateAmount { get; set; }
    public string? RateCurrency { get; set; }
    public RateLevel? RateLevel { get; set; }
    public Guid? RateId { get; set; }
    /// <summary>BillableSeconds × rate in hundredths of the currency (cents), rounded; 0 when not billable or without a rate.</summary>
    public long AmountMinor { get; set; }
    /// <summary>The invoice this entry was billed on; a billed entry is locked.</summary>
    public Guid? InvoiceId { get; set; }
    public DateTime? BilledAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public bool IsLocked => InvoiceId is not null;
}

/// <summary>A member's running timer, kept on the server: one per member.</summary>
[AuditIgnore]
public class RunningTimer : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public Guid ProjectId { get; set; }
    public Guid? TaskId { get; set; }
    public string? Description { get; set; }
    public DateTime StartedAt { get; set; }
}

/// <summary>
/// Totals of entries per local day, project, member, billable flag and currency, kept exact on every
/// write, edit and delete of an entry (in the same transaction). Reports over weeks and months read these.
/// </summary>
[AuditIgnore]
public class TimeDayTotal : ITenantOwned
{
    public Guid TenantId { get; set; }
    public DateOnly Day { get; set; }
    public Guid ProjectId { get; set; }
    public Guid UserId { get; set; }
    public bool Billable { get; set; }
    public string Currency { get; set; } = "";
    public Guid ClientId { get; set; }
    public long Seconds { get; set; }
    public long BillableSeconds { get; set; }
    public long AmountMinor { get; set; }
    public int Entries { get; set; }
}

/// <summary>Totals per month and client (the team-wide year view); kept exact like <see cref="TimeDayTotal"/>.</summary>
[AuditIgnore]
public class TimeMonthTotal : ITenantOwned
{
    public Guid TenantId { get; set; }
    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; set; }
    public Guid ClientId { get; set; }
    public bool Billable { get; set; }
    public string Currency { get; set; } = "";
    public long Seconds { get; set; }
    public long BillableSeconds { get; set; }
    public long AmountMinor { get; set; }
    public int Entries { get; set; }
}
