using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Projects.Areas.Projects.Pages.Tasks;

/// <summary>One task: its fields, its place on the board (the move form works without JavaScript) and its comments.</summary>
[RequiresPermission(ProjectsPermissions.Read)]
public sealed class DetailsModel(IMediator mediator, TaskReader reader) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid TaskId { get; set; }

    /// <summary>The task form; bound only by its own handler (the page has two forms).</summary>
    public TaskInput Input { get; set; } = new();

    public CommentInput Comment { get; set; } = new();

    public TaskPage View { get; private set; } = null!;

    private bool _editing;

    public Task OnGetAsync() => ReloadAsync();

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = "Input")] TaskInput input, CancellationToken cancellationToken)
    {
        Input = input;
        _editing = true;
        if (!ModelState.IsValid)
        {
            await ReloadAsync();
            return Page();
        }

        await mediator.Send(new Update(Id, TaskId, Input), cancellationToken);
        return Back();
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid columnId, int position, CancellationToken cancellationToken)
    {
        await mediator.Send(new MoveTo(Id, TaskId, columnId, position), cancellationToken);
        return Back();
    }

    public async Task<IActionResult> OnPostCommentAsync([Bind(Prefix = "Comment")] CommentInput comment, CancellationToken cancellationToken)
    {
        Comment = comment;
        if (!ModelState.IsValid)
        {
            await ReloadAsync();
            return Page();
        }

        await mediator.Send(new AddComment(Id, TaskId, Comment.Text, Comment.VisibleToClient), cancellationToken);
        return Back();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteTask(Id, TaskId), cancellationToken);
        return Redirect($"/projects/{Id}");
    }

    /// <summary>Loads the task; the task form shows the stored values unless it is the form being corrected.</summary>
    public async Task ReloadAsync()
    {
        View = await reader.ReadAsync(Id, TaskId, forClient: false, HttpContext.RequestAborted);
        if (!_editing)
        {
            Input = TaskInput.From(View.Task);
        }
    }

    private RedirectResult Back() => Redirect($"/projects/{Id}/tasks/{TaskId}");

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record Update(Guid ProjectId, Guid TaskId, TaskInput Input) : IRequest;

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record MoveTo(Guid ProjectId, Guid TaskId, Guid ColumnId, int Position) : IRequest;

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record AddComment(Guid ProjectId, Guid TaskId, string Text, bool VisibleToClient) : IRequest;

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record DeleteTask(Guid ProjectId, Guid TaskId) : IRequest;

    public sealed class Handlers(AppDbContext db, ProjectAccess access, BoardMoves moves, TaskComments comments, IStringLocalizer<SharedResource> l)
        : IRequestHandler<Update>, IRequestHandler<MoveTo>, IRequestHandler<AddComment>, IRequestHandler<DeleteTask>
    {
        public async ValueTask<Unit> Handle(Update command, CancellationToken cancellationToken)
        {
            await access.WorkAsync(command.ProjectId, cancellationToken);
            var (_, task) = await access.TaskAsync(command.ProjectId, command.TaskId, cancellationToken);
            var allowed = (await TaskReader.Assignable(db, command.ProjectId).Select(m => m.UserId!.Value).ToListAsync(cancellationToken)).ToHashSet();
            var wanted = command.Input.AssigneeIds.Distinct().ToList();
            if (wanted.Any(id => !allowed.Contains(id)))
            {
                throw new ValidationFailedException("Input.AssigneeIds", l["Assign only members and collaborators of this project."]);
            }

            command.Input.ApplyTo(task);
            task.Assignees.RemoveAll(a => !wanted.Contains(a.UserId));
            // Added explicitly: a new row with its key already set would otherwise be taken for an existing one.
            db.AddRange(wanted.Where(id => task.Assignees.All(a => a.UserId != id)).Select(id => new TaskAssignee { TaskId = task.Id, UserId = id }).ToList());
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(MoveTo command, CancellationToken cancellationToken)
        {
            var sight = await access.WorkAsync(command.ProjectId, cancellationToken);
            var after = command.Position <= 0 ? null : await db.Set<ProjectTask>()
                .Where(t => t.ColumnId == command.ColumnId && t.ProjectId == command.ProjectId && t.Id != command.TaskId)
                .OrderBy(t => t.Position).Skip(command.Position - 1).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
            await moves.MoveAsync(sight.Project, command.TaskId, command.ColumnId, after, command.Position, access.Me, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(AddComment command, CancellationToken cancellationToken)
        {
            var sight = await access.CommentAsync(command.ProjectId, cancellationToken);
            var (_, task) = await access.TaskAsync(command.ProjectId, command.TaskId, cancellationToken);
            await comments.AddAsync(sight, task, command.Text, command.VisibleToClient, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(DeleteTask command, CancellationToken cancellationToken)
        {
            var sight = await access.WorkAsync(command.ProjectId, cancellationToken);
            await access.TaskAsync(command.ProjectId, command.TaskId, cancellationToken);
            await moves.DeleteAsync(sight.Project, command.TaskId, cancellationToken);
            return Unit.Value;
        }
    }
}

public sealed class TaskInput
{
    [Required(ErrorMessage = "Give the task a title.")]
    [StringLength(ProjectLimits.Name, ErrorMessage = "Use at most {1} characters.")]
    public string Title { get; set; } = "";

    [StringLength(ProjectLimits.Text, ErrorMessage = "Use at most {1} characters.")]
    [DataType(DataType.MultilineText)]
    public string? Description { get; set; }

    public DateOnly? DueDate { get; set; }

    [Range(typeof(decimal), "0", "10000", ErrorMessage = "Enter a number of hours between {1} and {2}.")]
    public decimal? EstimateHours { get; set; }

    [StringLength(ProjectLimits.Labels, ErrorMessage = "Use at most {1} characters.")]
    public string? Labels { get; set; }

    public List<Guid> AssigneeIds { get; set; } = [];

    public void ApplyTo(ProjectTask task)
    {
        task.Title = Title.Trim();
        task.Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        task.DueDate = DueDate;
        task.EstimateHours = EstimateHours;
        task.Labels = Tags.Normalize(Labels);
    }

    public static TaskInput From(ProjectTask task) => new()
    {
        Title = task.Title,
        Description = task.Description,
        DueDate = task.DueDate,
        EstimateHours = task.EstimateHours,
        Labels = Tags.Display(task.Labels),
        AssigneeIds = task.Assignees.Select(a => a.UserId).ToList(),
    };
}

public sealed class CommentInput
{
    [Required(ErrorMessage = "Write the comment.")]
    [StringLength(ProjectLimits.Text, ErrorMessage = "Use at most {1} characters.")]
    [DataType(DataType.MultilineText)]
    public string Text { get; set; } = "";

    public bool VisibleToClient { get; set; }
}
