using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Time.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Time.Areas.Time.Pages;

/// <summary>
/// The weekly timesheet: the member's projects × the week's days, each cell the day's hours on the
/// project. Typing a new figure adjusts the cell's duration entry (or adds one); entries with start
/// and end times and billed ones are never changed here. With htmx each change saves at once;
/// without, the Save button saves every changed cell.
/// </summary>
[RequiresPermission(TimePermissions.Track)]
public sealed class TimesheetModel(IMediator mediator, AppDbContext db, TrackableProjects trackable, IProjectDirectory projects, ICurrentUser user, TimeLedger ledger, TimeTracking tracking) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? Week { get; set; }

    /// <summary>Cells keyed "projectId|yyyy-MM-dd", values like "1:30".</summary>
    [BindProperty]
    public Dictionary<string, string> Cells { get; set; } = [];

    /// <summary>A project to add as an empty row.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Add { get; set; }

    public DateOnly WeekStart { get; private set; }
    public IReadOnlyList<DateOnly> Days { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Rows { get; private set; } = [];
    public IReadOnlyDictionary<(Guid Project, DateOnly Day), long> Seconds { get; private set; } = new Dictionary<(Guid, DateOnly), long>();
    public IReadOnlyList<ProjectChoice> Projects { get; private set; } = [];

    public Task OnGetAsync() => ReloadAsync();

    [HtmxFragment("_TimesheetForm")]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new SaveCells(Cells), cancellationToken);
        if (Request.IsHtmx())
        {
            Cells = [];
            await ReloadAsync();
            return Page();
        }

        return Redirect($"/time/timesheet?Week={Week:yyyy-MM-dd}");
    }

    public async Task ReloadAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var me = user.RequireUserId();
        var (_, today) = await tracking.LocalTodayAsync(me, cancellationToken);
        WeekStart = LocalDates.WeekStart(Week ?? today, (await ledger.SettingsAsync(cancellationToken)).FirstDayOfWeek);
        Days = Enumerable.Range(0, 7).Select(i => WeekStart.AddDays(i)).ToList();
        var end = WeekStart.AddDays(7);
        var totals = await db.Set<TimeEntry>().AsNoTracking().Where(e => e.UserId == me && e.LocalDate >= WeekStart && e.LocalDate < end)
            .GroupBy(e => new { e.ProjectId, e.LocalDate }).Select(g => new { g.Key.ProjectId, g.Key.LocalDate, Seconds = g.Sum(e => (long)e.Seconds) })
            .ToListAsync(cancellationToken);
        Seconds = totals.ToDictionary(t => (t.ProjectId, t.LocalDate), t => t.Seconds);
        Projects = await trackable.Choices().ToListAsync(cancellationToken);
        var shown = totals.Select(t => t.ProjectId).Append(Add ?? Guid.Empty).ToHashSet();
        var names = await projects.Projects.Where(p => shown.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
        Rows = names.OrderBy(n => n.Name).Select(n => (n.Id, n.Name)).ToList();
    }

    /// <summary>A cell's text: the day's time as hours and minutes, empty for none.</summary>
    public static string Format(long seconds) => seconds == 0 ? "" : Formats.Duration(seconds);

    [RequiresPermission(TimePermissions.Track)]
    public sealed record SaveCells(IReadOnlyDictionary<string, string> Cells) : IRequest;

    public sealed class Handler(AppDbContext db, TimeTracking tracking, TimeLedger ledger, ICurrentUser user, IStringLocalizer<SharedResource> l) : IRequestHandler<SaveCells>
    {
        public async ValueTask<Unit> Handle(SaveCells command, CancellationToken cancellationToken)
        {
            var me = user.RequireUserId();
            foreach (var (key, text) in command.Cells)
            {
                var parts = key.Split('|');
                if (parts.Length != 2 || !Guid.TryParse(parts[0], out var project) || !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", out var day))
                {
                    continue;
                }

                var field = $"Cells[{key}]";
                var wanted = string.IsNullOrWhiteSpace(text) ? 0 : (long?)IndexModel.Handlers.ParseDuration(text)?.TotalSeconds
                    ?? throw new ValidationFailedException(field, l["Enter a duration between 1 minute and 24 hours, e.g. 1:30 or 1.5."]);
                var entries = await db.Set<TimeEntry>().Where(e => e.UserId == me && e.ProjectId == project && e.LocalDate == day).ToListAsync(cancellationToken);
                var current = entries.Sum(e => (long)e.Seconds);
                // A cell the member left as shown changes nothing, even when the time has seconds the cell does not show.
                if (Format(wanted) == Format(current))
                {
                    continue;
                }

                var delta = wanted - current;

                var adjustable = entries.Where(e => e.StartUtc is null && !e.IsLocked).OrderByDescending(e => e.CreatedAt).FirstOrDefault();
                if (adjustable is not null && adjustable.Seconds + delta > 0)
                {
                    await tracking.EditAsync(adjustable, new EntryInput(project, adjustable.TaskId, null, null, day, TimeSpan.FromSeconds(adjustable.Seconds + delta), adjustable.Description, adjustable.Billable), cancellationToken);
                }
                else if (adjustable is not null && adjustable.Seconds + delta == 0)
                {
                    await ledger.DeleteAsync(adjustable, cancellationToken);
                }
                else if (delta > 0)
                {
                    await tracking.LogAsync(me, new EntryInput(project, null, null, null, day, TimeSpan.FromSeconds(delta), null, null), cancellationToken);
                }
                else
                {
                    throw new ValidationFailedException(field, l["This day's time comes from entries with start and end times or billed ones; change them on My time."]);
                }
            }

            return Unit.Value;
        }
    }
}
