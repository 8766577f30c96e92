using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Time.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Time.Contracts;

/// <summary>A time entry as other plugins see it (the portal shows a client its time; billing shows what a line bills).</summary>
public sealed class TimeEntryView
{
    public Guid Id { get; init; }
    public Guid ProjectId { get; init; }
    public Guid ClientId { get; init; }
    public Guid? TaskId { get; init; }
    public Guid UserId { get; init; }
    /// <summary>The member's local date of the work.</summary>
    public DateOnly Date { get; init; }
    public int Seconds { get; init; }
    public bool Billable { get; init; }
    /// <summary>Seconds after the team's rounding rule; what is billed.</summary>
    public int BillableSeconds { get; init; }
    public string? Description { get; init; }
    /// <summary>The rate snapshot taken when the entry was saved, in <see cref="RateCurrency"/>.</summary>
    public decimal? Rate { get; init; }
    public string? RateCurrency { get; init; }
    public long AmountMinor { get; init; }
    public Guid? InvoiceId { get; init; }
}

/// <summary>Seconds per day, project and member: the totals the ledger keeps exact beside the entries.</summary>
public sealed class TimeDayView
{
    public DateOnly Day { get; init; }
    public Guid ProjectId { get; init; }
    public Guid ClientId { get; init; }
    public Guid UserId { get; init; }
    public bool Billable { get; init; }
    public long Seconds { get; init; }
    public long BillableSeconds { get; init; }
    public int Entries { get; init; }
}

/// <summary>
/// Time for other plugins, as queryables of the current team that compose into their own queries and
/// are never tracked. Callers decide who may see what (a client contact: their client's projects).
/// </summary>
public interface ITimeDirectory
{
    IQueryable<TimeEntryView> Entries { get; }
    IQueryable<TimeDayView> Days { get; }
}

/// <summary>Names of Time's live events: "time" when a project's time changed; its subject is the project.</summary>
public static class TimeLive
{
    public const string Time = "time";
}

internal sealed class TimeDirectory(AppDbContext db) : ITimeDirectory
{
    public IQueryable<TimeEntryView> Entries => db.Set<TimeEntry>().AsNoTracking().Select(e => new TimeEntryView
    {
        Id = e.Id, ProjectId = e.ProjectId, ClientId = e.ClientId, TaskId = e.TaskId, UserId = e.UserId, Date = e.LocalDate, Seconds = e.Seconds,
        Billable = e.Billable, BillableSeconds = e.BillableSeconds, Description = e.Description, Rate = e.RateAmount, RateCurrency = e.RateCurrency,
        AmountMinor = e.AmountMinor, InvoiceId = e.InvoiceId,
    });

    public IQueryable<TimeDayView> Days => db.Set<TimeDayTotal>().AsNoTracking().Select(d => new TimeDayView
    {
        Day = d.Day, ProjectId = d.ProjectId, ClientId = d.ClientId, UserId = d.UserId, Billable = d.Billable, Seconds = d.Seconds,
        BillableSeconds = d.BillableSeconds, Entries = d.Entries,
    });
}
