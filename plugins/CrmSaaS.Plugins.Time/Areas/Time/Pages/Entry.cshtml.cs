using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Time.Areas.Time.Pages;

/// <summary>One entry: change it while it is unbilled; a billed entry says why it is locked.</summary>
[RequiresPermission(TimePermissions.Track)]
public sealed class EntryModel(IMediator mediator, AppDbContext db, TrackableProjects trackable, TimeTracking tracking, ICurrentUser user) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public IndexModel.ManualInput Input { get; set; } = new();

    public TimeEntry Entry { get; private set; } = null!;
    public string ProjectName { get; private set; } = "";
    public IReadOnlyList<ProjectChoice> Projects { get; private set; } = [];
    public IReadOnlyList<TaskChoice> Tasks { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        var (zone, _) = await tracking.LocalTodayAsync(Entry.UserId, HttpContext.RequestAborted);
        Input = new IndexModel.ManualInput
        {
            ProjectId = Entry.ProjectId,
            TaskId = Entry.TaskId,
            Date = Entry.LocalDate,
            Duration = Entry.StartUtc is null ? $"{Entry.Seconds / 3600}:{Entry.Seconds % 3600 / 60:00}" : null,
            From = Entry.StartUtc is { } s ? TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(s, zone)) : null,
            To = Entry.EndUtc is { } e ? TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(e, zone)) : null,
            Description = Entry.Description,
            Billable = Entry.Billable,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await ReloadAsync();
            return Page();
        }

        await mediator.Send(new Save(Id, Input), cancellationToken);
        return Redirect($"/time?Week={Input.Date:yyyy-MM-dd}");
    }

    public async Task ReloadAsync()
    {
        Entry = await Load(db, Id, user.RequireUserId(), user.Has(TimePermissions.EditAll), HttpContext.RequestAborted);
        ProjectName = await trackable.NameAsync(Entry.ProjectId, HttpContext.RequestAborted) ?? "";
        Projects = await trackable.Choices().ToListAsync(HttpContext.RequestAborted);
        Tasks = await trackable.OpenTasksAsync(Projects.Select(p => p.Id).Append(Entry.ProjectId).ToList(), HttpContext.RequestAborted);
    }

    /// <summary>The entry when it is the member's own (or they may edit everyone's); "not found" otherwise.</summary>
    public static async Task<TimeEntry> Load(AppDbContext db, Guid id, Guid me, bool editAll, CancellationToken cancellationToken) =>
        await db.Set<TimeEntry>().SingleOrDefaultAsync(e => e.Id == id && (editAll || e.UserId == me), cancellationToken) ?? throw new NotFoundException("Time entry");

    [RequiresPermission(TimePermissions.Track)]
    public sealed record Save(Guid Id, IndexModel.ManualInput Input) : IRequest;

    public sealed class Handler(AppDbContext db, TimeTracking tracking, ICurrentUser current) : IRequestHandler<Save>
    {
        public async ValueTask<Unit> Handle(Save command, CancellationToken cancellationToken)
        {
            var entry = await Load(db, command.Id, current.RequireUserId(), current.Has(TimePermissions.EditAll), cancellationToken);
            await tracking.EditAsync(entry, IndexModel.Handlers.ToEntryInput(command.Input), cancellationToken);
            return Unit.Value;
        }
    }
}
