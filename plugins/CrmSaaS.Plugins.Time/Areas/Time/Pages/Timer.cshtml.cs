using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Plugins.Time.Areas.Time.Pages;

/// <summary>Start and stop of the top-bar timer. htmx gets the bar back; a plain form goes back to its page.</summary>
[RequiresPermission(TimePermissions.Track)]
public sealed class TimerModel(IMediator mediator) : PageModel
{
    public void OnGet()
    {
    }

    /// <summary>The bar itself for htmx: opened (the start form with its choices) or closed again; a plain request gets the timer page.</summary>
    public IActionResult OnGetBar(bool open = true) => Request.IsHtmx() ? ViewComponent("TimerBar", new { open }) : RedirectToPage();

    /// <param name="projectId">A project id, or "projectId:taskId" for a task of it (the bar's one picker offers both).</param>
    public async Task<IActionResult> OnPostStartAsync(string? projectId, string? description, string? returnUrl, CancellationToken cancellationToken)
    {
        var parts = (projectId ?? "").Split(':');
        if (!Guid.TryParse(parts[0], out var project) || (parts.Length > 1 && !Guid.TryParse(parts[1], out _)) || parts.Length > 2)
        {
            throw new NotFoundException("Project");
        }

        await mediator.Send(new Start(project, parts.Length == 2 ? Guid.Parse(parts[1]) : null, description), cancellationToken);
        return Back(returnUrl);
    }

    public async Task<IActionResult> OnPostStopAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        await mediator.Send(new Stop(), cancellationToken);
        return Back(returnUrl);
    }

    private IActionResult Back(string? returnUrl) => Request.IsHtmx()
        ? ViewComponent("TimerBar")
        : LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/time");

    [RequiresPermission(TimePermissions.Track)]
    public sealed record Start(Guid ProjectId, Guid? TaskId, string? Description) : IRequest;

    [RequiresPermission(TimePermissions.Track)]
    public sealed record Stop : IRequest;

    public sealed class Handlers(TimeTracking tracking, ICurrentUser user) : IRequestHandler<Start>, IRequestHandler<Stop>
    {
        public async ValueTask<Unit> Handle(Start command, CancellationToken cancellationToken)
        {
            await tracking.StartAsync(user.RequireUserId(), command.ProjectId, command.TaskId, command.Description, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(Stop command, CancellationToken cancellationToken)
        {
            await tracking.StopAsync(user.RequireUserId(), cancellationToken);
            return Unit.Value;
        }
    }
}
