using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Time;

/// <summary>
/// The timer in the top bar: the running timer with its clock and a stop button; otherwise a "Start timer"
/// button that opens the start form (project and task picker) in place. The picker's choices are read only
/// when it is opened (or on the timer's own page), not on every page the bar is on.
/// </summary>
public sealed class TimerBarViewComponent(TrackableProjects trackable, TimeTracking tracking, ICurrentUser user, TimeProvider clock) : ViewComponent
{
    /// <param name="Open">The start form is shown (with its choices); otherwise only the button that opens it.</param>
    /// <param name="Error">Why the last start or stop was refused, shown in the bar.</param>
    public sealed record Model(RunningTimer? Running, string? RunningProject, bool Open, IReadOnlyList<(Guid Id, string Name)> Projects, IReadOnlyList<TaskChoice> Tasks, DateTime Now, string ReturnUrl, string? Error);

    /// <param name="open">Show the start form with its choices (the bar's "Start timer" asks for this) or not;
    /// by default it is open on the timer's own page (where a refused start is shown too).</param>
    public async Task<IViewComponentResult> InvokeAsync(bool? open = null)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var running = await tracking.RunningAsync(user.RequireUserId(), cancellationToken);
        var onTimer = HttpContext.Request.Path.StartsWithSegments("/time/timer");
        var returnUrl = onTimer ? "/time" : HttpContext.Request.Path + HttpContext.Request.QueryString;
        // Only the timer's own refusals: another page's form errors stay beside their fields.
        var error = onTimer ? ViewData.ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault() : null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (running is not null)
        {
            var label = await trackable.LabelAsync(running.ProjectId, cancellationToken) ?? await trackable.NameAsync(running.ProjectId, cancellationToken);
            return Render(new Model(running, label, false, [], [], now, returnUrl, error));
        }

        if (!(open ?? onTimer))
        {
            return Render(new Model(null, null, false, [], [], now, returnUrl, null));
        }

        var projects = await trackable.Choices().ToListAsync(cancellationToken);
        var tasks = await trackable.OpenTasksAsync(projects.Select(p => p.Id).ToList(), cancellationToken);
        return Render(new Model(null, null, true, projects.Select(p => (p.Id, p.Name)).ToList(), tasks, now, returnUrl, error));
    }

    private ViewViewComponentResult Render(Model model) => View("~/Areas/Time/Pages/Shared/Components/TimerBar.cshtml", model);
}
