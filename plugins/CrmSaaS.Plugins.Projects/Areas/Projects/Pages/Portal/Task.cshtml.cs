using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Areas.Projects.Pages.Tasks;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Plugins.Projects.Areas.Projects.Pages.Portal;

/// <summary>A task as a client contact sees it: no internal comments; Collaborators may comment.</summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed class TaskModel(IMediator mediator, TaskReader reader) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid TaskId { get; set; }

    [BindProperty]
    public CommentInput Comment { get; set; } = new();

    public TaskPage View { get; private set; } = null!;

    public Task OnGetAsync() => ReloadAsync();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await ReloadAsync();
            return Page();
        }

        await mediator.Send(new AddComment(Id, TaskId, Comment.Text), cancellationToken);
        return Redirect($"/portal/projects/{Id}/tasks/{TaskId}");
    }

    public async Task ReloadAsync() => View = await reader.ReadAsync(Id, TaskId, forClient: true, HttpContext.RequestAborted);

    [RequiresPermission(PortalPermissions.Access)]
    public sealed record AddComment(Guid ProjectId, Guid TaskId, string Text) : IRequest;

    public sealed class Handler(ProjectAccess access, TaskComments comments) : IRequestHandler<AddComment>
    {
        public async ValueTask<Unit> Handle(AddComment command, CancellationToken cancellationToken)
        {
            var (sight, task) = await access.TaskAsync(command.ProjectId, command.TaskId, cancellationToken);
            await comments.AddAsync(sight, task, command.Text, visibleToClient: true, cancellationToken);
            return Unit.Value;
        }
    }
}
