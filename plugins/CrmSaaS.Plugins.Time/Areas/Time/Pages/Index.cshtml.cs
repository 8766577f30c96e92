using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Time.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Time.Areas.Time.Pages;

/// <summary>"My time": the member's entries of one week, day by day, with a form for manual entries.</summary>
[RequiresPermission(TimePermissions.Track)]
public sealed class IndexModel(IMediator mediator, AppDbContext db, IProjectDirectory projects, TrackableProjects trackable, TimeTracking tracking, TimeLedger ledger, ICurrentUser user) : PageModel, IReloadOnInvalid
{
    /// <summary>Any day of the week to show; this week by default.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? Week { get; set; }

    [BindProperty]
    public ManualInput Input { get; set; } = new();

    public DateOnly WeekStart { get; private set; }
    public IReadOnlyList<Row> Entries { get; private set; } = [];
    public IReadOnlyList<ProjectChoice> Projects { get; private set; } = [];
    public IReadOnlyList<TaskChoice> Tasks { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        Input.Date = Today;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await ReloadAsync();
            return Page();
        }

        await mediator.Send(new Log(Input), cancellationToken);
        return Redirect($"/time?Week={Input.Date:yyyy-MM-dd}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await mediator.Send(new Delete(id), cancellationToken);
        return Redirect($"/time?Week={Week:yyyy-MM-dd}");
    }

    private DateOnly Today { get; set; }

    public async Task ReloadAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var (zone, today) = await tracking.LocalTodayAsync(user.RequireUserId(), cancellationToken);
        Today = today;
        var settings = await ledger.SettingsAsync(cancellationToken);
        WeekStart = LocalDates.WeekStart(Week ?? Today, settings.FirstDayOfWeek);
        var end = WeekStart.AddDays(7);
        var me = user.RequireUserId();
        Entries = await db.Set<TimeEntry>().AsNoTracking().Where(e => e.UserId == me && e.LocalDate >= WeekStart && e.LocalDate < end)
            .OrderBy(e => e.LocalDate).ThenBy(e => e.StartUtc).ThenBy(e => e.CreatedAt)
            .Select(e => new Row(e.Id, e.LocalDate, e.StartUtc, e.EndUtc, e.Seconds, e.BillableSeconds, e.Description, e.Billable, e.InvoiceId != null,
                projects.Projects.Where(p => p.Id == e.ProjectId).Select(p => p.Name).FirstOrDefault() ?? ""))
            .ToListAsync(cancellationToken);
        Projects = await trackable.Choices().ToListAsync(cancellationToken);
        Tasks = await trackable.OpenTasksAsync(Projects.Select(p => p.Id).ToList(), cancellationToken);
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <param name="BillableSeconds">What is billed after the team's rounding rule; shown beside the time when it differs.</param>
    public sealed record Row(Guid Id, DateOnly Date, DateTime? StartUtc, DateTime? EndUtc, int Seconds, int BillableSeconds, string? Description, bool Billable, bool Locked, string Project);

    public sealed class ManualInput
    {
        public Guid ProjectId { get; set; }

        /// <summary>Optional; must be a task of the project.</summary>
        public Guid? TaskId { get; set; }

        [Required(ErrorMessage = "Choose the day.")]
        public DateOnly? Date { get; set; }

        /// <summary>"1:30", "1.5" or "90m"; or leave empty and give From and To.</summary>
        [StringLength(10, ErrorMessage = "Use at most {1} characters.")]
        public string? Duration { get; set; }

        public TimeOnly? From { get; set; }

        public TimeOnly? To { get; set; }

        [StringLength(TimeLimits.Description, ErrorMessage = "Use at most {1} characters.")]
        public string? Description { get; set; }

        public bool Billable { get; set; } = true;
    }

    [RequiresPermission(TimePermissions.Track)]
    public sealed record Log(ManualInput Input) : IRequest;

    [RequiresPermission(TimePermissions.Track)]
    public sealed record Delete(Guid Id) : IRequest;

    public sealed class Handlers(AppDbContext db, TimeTracking tracking, TimeLedger ledger, ICurrentUser user)
        : IRequestHandler<Log>, IRequestHandler<Delete>
    {
        public async ValueTask<Unit> Handle(Log command, CancellationToken cancellationToken)
        {
            await tracking.LogAsync(user.RequireUserId(), ToEntryInput(command.Input), cancellationToken);
            return Unit.Value;
        }

        /// <summary>The form's fields as the tracking rules take them: from–to when both are given and no duration, else a duration on the day.</summary>
        public static EntryInput ToEntryInput(ManualInput input)
        {
            var date = input.Date!.Value;
            if (input.From is { } from && input.To is { } to && string.IsNullOrWhiteSpace(input.Duration))
            {
                return new EntryInput(input.ProjectId, input.TaskId, date.ToDateTime(from), (to < from ? date.AddDays(1) : date).ToDateTime(to), null, null, input.Description, input.Billable);
            }

            // An unreadable duration becomes none, which the rules refuse with the message beside the field.
            return new EntryInput(input.ProjectId, input.TaskId, null, null, date, ParseDuration(input.Duration) ?? TimeSpan.Zero, input.Description, input.Billable);
        }

        public async ValueTask<Unit> Handle(Delete command, CancellationToken cancellationToken)
        {
            var entry = await db.Set<TimeEntry>().SingleOrDefaultAsync(e => e.Id == command.Id, cancellationToken) ?? throw new NotFoundException("Time entry");
            if (entry.UserId != user.UserId && !user.Has(TimePermissions.EditAll))
            {
                throw new NotFoundException("Time entry");
            }

            await ledger.DeleteAsync(entry, cancellationToken);
            return Unit.Value;
        }

        /// <summary>"1:30" (hours and minutes), "1.5" or "1,5" (hours), "90m" (minutes).</summary>
        public static TimeSpan? ParseDuration(string? text)
        {
            var t = text?.Trim().ToLowerInvariant() ?? "";
            if (t.Length == 0)
            {
                return null;
            }

            if (t.Contains(':', StringComparison.Ordinal))
            {
                var parts = t.Split(':');
                return parts.Length == 2 && int.TryParse(parts[0], out var h) && int.TryParse(parts[1], out var m) && h >= 0 && m is >= 0 and < 60
                    ? new TimeSpan(h, m, 0) : null;
            }

            if (t.EndsWith('m') && int.TryParse(t[..^1], out var minutes))
            {
                return TimeSpan.FromMinutes(minutes);
            }

            return decimal.TryParse(t.TrimEnd('h').Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var hours)
                ? TimeSpan.FromMinutes((double)Math.Round(hours * 60)) : null;
        }
    }
}
