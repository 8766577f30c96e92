using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Time.Domain;

/// <summary>What a member enters by hand: an interval (local start and end) or a duration on a day.</summary>
public sealed record EntryInput(Guid ProjectId, Guid? TaskId, DateTime? Start, DateTime? End, DateOnly? Date, TimeSpan? Duration, string? Description, bool? Billable);

/// <summary>
/// Tracking rules: the timer (one per member, kept on the server), manual entries and their checks
/// (end after start, at most a day, not far in the future, not overlapping the running timer, only
/// on projects the member may work on).
/// </summary>
public sealed class TimeTracking(AppDbContext db, TimeLedger ledger, UserTimeZones zones, IProjectAccess access, IProjectDirectory projects, BudgetWatch budgets, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<MemberTimeProfile> ProfileAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<MemberTimeProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken) ?? new MemberTimeProfile { UserId = userId };

    /// <summary>The member's time zone and today's date there.</summary>
    public async Task<(TimeZoneInfo Zone, DateOnly Today)> LocalTodayAsync(Guid userId, CancellationToken cancellationToken)
    {
        var zone = await zones.OfAsync(userId, cancellationToken);
        return (zone, LocalDates.Of(Now(), zone));
    }

    /// <summary>Compiled once: the top bar asks on every page a member opens.</summary>
    private static readonly Func<AppDbContext, Guid, CancellationToken, Task<RunningTimer?>> RunningQuery = EF.CompileAsyncQuery(
        (AppDbContext db, Guid userId, CancellationToken _) => db.Set<RunningTimer>().AsNoTracking().SingleOrDefault(t => t.UserId == userId));

    public Task<RunningTimer?> RunningAsync(Guid userId, CancellationToken cancellationToken) => RunningQuery(db, userId, cancellationToken);

    /// <summary>Starts the member's timer; a timer already running is stopped first and becomes an entry.</summary>
    public async Task<(RunningTimer Timer, TimeEntry? Stopped)> StartAsync(Guid userId, Guid projectId, Guid? taskId, string? description, CancellationToken cancellationToken)
    {
        var project = await WorkableProjectAsync(projectId, taskId, cancellationToken);
        if (Trim(description) is { Length: > TimeLimits.Description })
        {
            throw new ValidationFailedException("description", l["Use at most {0} characters.", TimeLimits.Description]);
        }

        var stopped = await StopTimerAsync(userId, cancellationToken);
        var timer = new RunningTimer { UserId = userId, ProjectId = project.Id, TaskId = taskId, Description = Trim(description), StartedAt = Now() };
        db.Add(timer);
        await db.SaveChangesAsync(cancellationToken);
        if (stopped is not null)
        {
            await budgets.CheckAsync(stopped.ProjectId, cancellationToken);
        }

        return (timer, stopped);
    }

    /// <summary>Stops the member's timer and saves its time as an entry; null when no timer runs.</summary>
    public async Task<TimeEntry?> StopAsync(Guid userId, CancellationToken cancellationToken)
    {
        var entry = await StopTimerAsync(userId, cancellationToken);
        if (entry is not null)
        {
            await budgets.CheckAsync(entry.ProjectId, cancellationToken);
        }

        return entry;
    }

    private async Task<TimeEntry?> StopTimerAsync(Guid userId, CancellationToken cancellationToken)
    {
        var timer = await db.Set<RunningTimer>().SingleOrDefaultAsync(t => t.UserId == userId, cancellationToken);
        if (timer is null)
        {
            return null;
        }

        db.Remove(timer);
        var end = Now();
        // A forgotten timer books at most a day.
        var seconds = (int)Math.Min((end - timer.StartedAt).TotalSeconds, TimeLimits.MaxSeconds);
        if (seconds < 1)
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        var project = await projects.Projects.SingleAsync(p => p.Id == timer.ProjectId, cancellationToken);
        var (zone, _) = await LocalTodayAsync(userId, cancellationToken);
        return await ledger.AddAsync(new TimeEntry
        {
            UserId = userId, ProjectId = project.Id, ClientId = project.ClientId, TaskId = timer.TaskId, Description = timer.Description,
            StartUtc = timer.StartedAt, EndUtc = timer.StartedAt.AddSeconds(seconds), Seconds = seconds,
            LocalDate = LocalDates.Of(timer.StartedAt, zone), Billable = project.Billable,
        }, cancellationToken);
    }

    /// <summary>A manual entry after every check; messages name the field at fault.</summary>
    public async Task<TimeEntry> LogAsync(Guid userId, EntryInput input, CancellationToken cancellationToken)
    {
        var project = await WorkableProjectAsync(input.ProjectId, input.TaskId, cancellationToken);
        var entry = new TimeEntry { UserId = userId };
        await FillAsync(entry, project, input, cancellationToken);
        await ledger.AddAsync(entry, cancellationToken);
        await budgets.CheckAsync(entry.ProjectId, cancellationToken);
        return entry;
    }

    /// <summary>Changes an unbilled entry after the same checks as a new one.</summary>
    public async Task EditAsync(TimeEntry entry, EntryInput input, CancellationToken cancellationToken)
    {
        ledger.EnsureUnlocked(entry);
        var project = await WorkableProjectAsync(input.ProjectId, input.TaskId, cancellationToken);
        var probe = new TimeEntry { Id = entry.Id, UserId = entry.UserId };
        await FillAsync(probe, project, input, cancellationToken);
        await ledger.UpdateAsync(entry, e =>
        {
            e.ProjectId = probe.ProjectId;
            e.ClientId = probe.ClientId;
            e.TaskId = probe.TaskId;
            e.StartUtc = probe.StartUtc;
            e.EndUtc = probe.EndUtc;
            e.Seconds = probe.Seconds;
            e.LocalDate = probe.LocalDate;
            e.Description = probe.Description;
            e.Billable = probe.Billable;
        }, cancellationToken);
        await budgets.CheckAsync(entry.ProjectId, cancellationToken);
    }

    private async Task FillAsync(TimeEntry entry, ProjectView project, EntryInput input, CancellationToken cancellationToken)
    {
        var (zone, today) = await LocalTodayAsync(entry.UserId, cancellationToken);
        entry.ProjectId = project.Id;
        entry.ClientId = project.ClientId;
        entry.TaskId = input.TaskId;
        entry.Description = Trim(input.Description);
        entry.Billable = input.Billable ?? project.Billable;
        if (entry.Description is { Length: > TimeLimits.Description })
        {
            throw new ValidationFailedException("Input.Description", l["Use at most {0} characters.", TimeLimits.Description]);
        }

        if (input.Start is { } start && input.End is { } end)
        {
            var startUtc = ToUtc(start, zone);
            var endUtc = ToUtc(end, zone);
            if (endUtc <= startUtc)
            {
                throw new ValidationFailedException("Input.End", l["The end must be after the start."]);
            }

            if ((endUtc - startUtc).TotalSeconds > TimeLimits.MaxSeconds)
            {
                throw new ValidationFailedException("Input.End", l["One entry covers at most 24 hours."]);
            }

            var timer = await RunningAsync(entry.UserId, cancellationToken);
            if (timer is not null && endUtc > timer.StartedAt)
            {
                throw new ValidationFailedException("Input.End", l["This overlaps your running timer (started {0}). Stop the timer or end the entry before it started.",
                    TimeZoneInfo.ConvertTimeFromUtc(timer.StartedAt, zone).ToString("g")]);
            }

            entry.StartUtc = startUtc;
            entry.EndUtc = endUtc;
            entry.Seconds = (int)(endUtc - startUtc).TotalSeconds;
            entry.LocalDate = DateOnly.FromDateTime(start);
        }
        else if (input.Date is { } date && input.Duration is { } duration)
        {
            if (duration <= TimeSpan.Zero || duration.TotalSeconds > TimeLimits.MaxSeconds)
            {
                throw new ValidationFailedException("Input.Duration", l["Enter a duration between 1 minute and 24 hours, e.g. 1:30 or 1.5."]);
            }

            entry.StartUtc = null;
            entry.EndUtc = null;
            entry.Seconds = (int)duration.TotalSeconds;
            entry.LocalDate = date;
        }
        else
        {
            throw new ValidationFailedException("", l["Enter a start and an end, or a date and a duration."]);
        }

        if (entry.LocalDate > today.AddDays(TimeLimits.FutureDays))
        {
            throw new ValidationFailedException(input.Start is null ? "Input.Date" : "Input.Start", l["Time can be entered at most {0} days ahead.", TimeLimits.FutureDays]);
        }
    }

    /// <summary>
    /// A project the current member may book time on, and the task (if any) of that project. A
    /// project they cannot see is "not found", like any other team's id.
    /// </summary>
    private async Task<ProjectView> WorkableProjectAsync(Guid projectId, Guid? taskId, CancellationToken cancellationToken)
    {
        var sight = await access.SightOfAsync(projectId, cancellationToken);
        if (!sight.CanWork)
        {
            throw new ValidationFailedException("Input.ProjectId", l["Choose a project you work on."]);
        }

        if (sight.Project.IsClosed)
        {
            throw new ValidationFailedException("Input.ProjectId", l["This project is closed; time can no longer be booked on it."]);
        }

        if (taskId is { } task && !await projects.Tasks.AnyAsync(t => t.Id == task && t.ProjectId == projectId, cancellationToken))
        {
            throw new ValidationFailedException("Input.TaskId", l["Choose a task of this project."]);
        }

        return sight.Project;
    }

    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A local time skipped by a DST change moves forward by the gap; an ambiguous one is read as standard time (the later one).
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
