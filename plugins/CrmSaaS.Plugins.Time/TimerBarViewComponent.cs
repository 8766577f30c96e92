using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Projects;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Plugins.Time.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Time;

/// <summary>The timer in the top bar: the running timer with its clock and a stop button, or a start form.</summary>
public sealed class TimerBarViewComponent(AppDbContext db, ProjectAccess access, TimeTracking tracking, TimeProvider clock) : ViewComponent
{
    /// <param name="Error">Why the last start or stop was refused, shown in the bar.</param>
    public sealed record Model(RunningTimer? Running, string? RunningProject, IReadOnlyList<(Guid Id, string Name)> Projects, IReadOnlyList<TaskChoice> Tasks, DateTime Now, string ReturnUrl, string? Error);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var running = await tracking.RunningAsync(access.Me, HttpContext.RequestAborted);
        var projects = await Trackable(db, access).ToListAsync(HttpContext.RequestAborted);
        var name = running is null ? null : projects.FirstOrDefault(p => p.Id == running.ProjectId)?.Name
            ?? await db.Set<Project>().Where(p => p.Id == running.ProjectId).Select(p => p.Name).FirstOrDefaultAsync(HttpContext.RequestAborted);
        var returnUrl = HttpContext.Request.Path.StartsWithSegments("/time/timer") ? "/time" : HttpContext.Request.Path + HttpContext.Request.QueryString;
        var error = ViewData.ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault();
        return View("~/Areas/Time/Pages/Shared/Components/TimerBar.cshtml",
            new Model(running, name, projects.Select(p => (p.Id, p.Name)).ToList(),
                running is null ? await OpenTasksAsync(db, projects.Select(p => p.Id).ToList(), HttpContext.RequestAborted) : [],
                clock.GetUtcNow().UtcDateTime, returnUrl, error));
    }

    /// <summary>Open projects the member can book time on, labelled "Client – Project", by name.</summary>
    public static IQueryable<ProjectChoice> Trackable(AppDbContext db, ProjectAccess access) =>
        access.Visible().Where(p => p.Status != ProjectStatus.Archived && p.Status != ProjectStatus.Completed)
            .Select(p => new { p.Id, Name = (db.Set<Client>().Where(c => c.Id == p.ClientId).Select(c => c.Name).FirstOrDefault() ?? "") + " – " + p.Name })
            .OrderBy(p => p.Name)
            .Select(p => new ProjectChoice(p.Id, p.Name));

    public sealed record ProjectChoice(Guid Id, string Name);

    public sealed record TaskChoice(Guid ProjectId, Guid Id, string Title);

    /// <summary>The open tasks (not in a done column) of the given projects, in board order, at most 30 per project.</summary>
    public static async Task<IReadOnlyList<TaskChoice>> OpenTasksAsync(AppDbContext db, IReadOnlyCollection<Guid> projectIds, CancellationToken cancellationToken)
    {
        var done = db.Set<BoardColumn>().Where(c => c.IsDone).Select(c => c.Id);
        var tasks = await db.Set<ProjectTask>().AsNoTracking().Where(t => projectIds.Contains(t.ProjectId) && !done.Contains(t.ColumnId))
            .OrderBy(t => t.Position).Select(t => new TaskChoice(t.ProjectId, t.Id, t.Title)).ToListAsync(cancellationToken);
        return tasks.GroupBy(t => t.ProjectId).SelectMany(g => g.Take(30)).ToList();
    }
}
