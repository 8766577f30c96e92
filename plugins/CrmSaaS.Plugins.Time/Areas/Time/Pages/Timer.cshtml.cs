using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects;
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

    public async Task<IActionResult> OnPostStartAsync(Guid projectId, Guid? taskId, string? description, string? returnUrl, CancellationToken cancellationToken)
    {
        await mediator.Send(new Start(projectId, taskId, description), cancellationToken);
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

    public sealed class Handlers(TimeTracking tracking, ProjectAccess access) : IRequestHandler<Start>, IRequestHandler<Stop>
    {
        public async ValueTask<Unit> Handle(Start command, CancellationToken cancellationToken)
        {
            await tracking.StartAsync(access.Me, command.ProjectId, command.TaskId, command.Description, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(Stop command, CancellationToken cancellationToken)
        {
            await tracking.StopAsync(access.Me, cancellationToken);
            return Unit.Value;
        }
    }
}
