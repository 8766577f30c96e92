using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Time;

/// <summary>The timer in the top bar: the running timer with its clock and a stop button, or a start form.</summary>
public sealed class TimerBarViewComponent(TrackableProjects trackable, TimeTracking tracking, ICurrentUser user, TimeProvider clock) : ViewComponent
{
    /// <param name="Error">Why the last start or stop was refused, shown in the bar.</param>
    public sealed record Model(RunningTimer? Running, string? RunningProject, IReadOnlyList<(Guid Id, string Name)> Projects, IReadOnlyList<TaskChoice> Tasks, DateTime Now, string ReturnUrl, string? Error);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var running = await tracking.RunningAsync(user.RequireUserId(), HttpContext.RequestAborted);
        var projects = await trackable.Choices().ToListAsync(HttpContext.RequestAborted);
        var name = running is null ? null : projects.FirstOrDefault(p => p.Id == running.ProjectId)?.Name
            ?? await trackable.NameAsync(running.ProjectId, HttpContext.RequestAborted);
        var onTimer = HttpContext.Request.Path.StartsWithSegments("/time/timer");
        var returnUrl = onTimer ? "/time" : HttpContext.Request.Path + HttpContext.Request.QueryString;
        // Only the timer's own refusals: another page's form errors stay beside their fields.
        var error = onTimer ? ViewData.ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault() : null;
        return View("~/Areas/Time/Pages/Shared/Components/TimerBar.cshtml",
            new Model(running, name, projects.Select(p => (p.Id, p.Name)).ToList(),
                running is null ? await trackable.OpenTasksAsync(projects.Select(p => p.Id).ToList(), HttpContext.RequestAborted) : [],
                clock.GetUtcNow().UtcDateTime, returnUrl, error));
    }
}
