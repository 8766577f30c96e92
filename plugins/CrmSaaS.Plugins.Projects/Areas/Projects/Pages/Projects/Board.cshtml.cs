using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Web;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects.Areas.Projects.Pages.Projects;

/// <summary>A project's page: its board, its feed, its people.</summary>
[RequiresPermission(ProjectsPermissions.Read)]
[OutputCache(PolicyName = PageCache.Policy)]
public sealed class BoardModel(IMediator mediator, ProjectAccess access, BoardReader reader, AppDbContext db) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public ProjectSight Sight { get; private set; } = null!;
    public BoardView Board { get; private set; } = null!;
    public IReadOnlyList<UpdateView> Feed { get; private set; } = [];
    public IReadOnlyList<(string Name, ProjectRole Role)> People { get; private set; } = [];
    public bool Subscribed { get; private set; }

    [BindProperty]
    public PostInput Post { get; set; } = new();

    public Task OnGetAsync() => ReloadAsync();

    public async Task<IActionResult> OnPostAddTaskAsync(Guid columnId, string? title, CancellationToken cancellationToken)
    {
        await mediator.Send(new AddTask(Id, columnId, title ?? ""), cancellationToken);
        return await BoardOrRedirectAsync();
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid taskId, Guid columnId, Guid? afterTaskId, int? index, CancellationToken cancellationToken)
    {
        await mediator.Send(new Move(Id, taskId, columnId, afterTaskId, index), cancellationToken);
        return await BoardOrRedirectAsync();
    }

    public async Task<IActionResult> OnPostPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await ReloadAsync();
            return Page();
        }

        await mediator.Send(new PostUpdate(Id, Post.Text, Post.VisibleToClient), cancellationToken);
        return Redirect(Url.Page("/Projects/Board", new { area = "Projects", id = Id })!);
    }

    public async Task<IActionResult> OnPostSubscribeAsync(bool on, CancellationToken cancellationToken)
    {
        await mediator.Send(new Subscribe(Id, on), cancellationToken);
        return Redirect(Url.Page("/Projects/Board", new { area = "Projects", id = Id })!);
    }

    public async Task ReloadAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        Sight = await access.SightAsync(Id, cancellationToken);
        Board = await reader.BoardAsync(Id, readOnly: !Sight.CanWork, forClient: false, cancellationToken);
        Feed = await reader.FeedAsync(Id, forClient: false, take: 30, cancellationToken);
        var me = access.Me;
        var members = await db.Set<ProjectMember>().AsNoTracking().Where(m => m.ProjectId == Id && m.RevokedAt == null && m.UserId != null)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.DisplayName, m.Role, m.UserId, m.Subscribed }).ToListAsync(cancellationToken);
        People = members.OrderBy(m => m.Role).ThenBy(m => m.DisplayName).Select(m => (m.DisplayName, m.Role)).ToList();
        Subscribed = members.Any(m => m.UserId == me && m.Subscribed);
    }

    private async Task<IActionResult> BoardOrRedirectAsync()
    {
        if (!Request.IsHtmx())
        {
            return Redirect(Url.Page("/Projects/Board", new { area = "Projects", id = Id })!);
        }

        Sight = await access.SightAsync(Id, HttpContext.RequestAborted);
        Board = await reader.BoardAsync(Id, readOnly: !Sight.CanWork, forClient: false, HttpContext.RequestAborted);
        return Partial("_Board", Board);
    }

    public sealed class PostInput
    {
        [Required(ErrorMessage = "Write the update.")]
        [StringLength(ProjectLimits.Text, ErrorMessage = "Use at most {1} characters.")]
        [DataType(DataType.MultilineText)]
        public string Text { get; set; } = "";

        public bool VisibleToClient { get; set; }
    }

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record AddTask(Guid ProjectId, Guid ColumnId, string Title) : IRequest;

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record Move(Guid ProjectId, Guid TaskId, Guid ColumnId, Guid? AfterTaskId, int? Index) : IRequest;

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record PostUpdate(Guid ProjectId, string Text, bool VisibleToClient) : IRequest;

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record Subscribe(Guid ProjectId, bool On) : IRequest;

    public sealed class Handlers(AppDbContext db, ProjectAccess access, BoardMoves moves, ProjectFeed feed, Microsoft.Extensions.Localization.IStringLocalizer<Kernel.Localization.SharedResource> l)
        : IRequestHandler<AddTask>, IRequestHandler<Move>, IRequestHandler<PostUpdate>, IRequestHandler<Subscribe>
    {
        public async ValueTask<Unit> Handle(AddTask command, CancellationToken cancellationToken)
        {
            var sight = await access.WorkAsync(command.ProjectId, cancellationToken);
            var title = command.Title.Trim();
            if (title.Length is 0 or > ProjectLimits.Name)
            {
                throw new Kernel.Validation.ValidationFailedException("Title", title.Length == 0 ? l["Give the task a title."] : l["Use at most {0} characters.", ProjectLimits.Name]);
            }

            await moves.AddAsync(sight.Project, command.ColumnId, new ProjectTask { Title = title }, access.Me, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(Move command, CancellationToken cancellationToken)
        {
            var sight = await access.WorkAsync(command.ProjectId, cancellationToken);
            await moves.MoveAsync(sight.Project, command.TaskId, command.ColumnId, command.AfterTaskId, command.Index, access.Me, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(PostUpdate command, CancellationToken cancellationToken)
        {
            var sight = await access.WorkAsync(command.ProjectId, cancellationToken);
            await feed.RecordAsync(sight.Project, UpdateKind.Post, access.Me, command.Text.Trim(), command.VisibleToClient, cancellationToken: cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(Subscribe command, CancellationToken cancellationToken)
        {
            await access.SightAsync(command.ProjectId, cancellationToken);
            var me = access.Me;
            var member = await db.Set<ProjectMember>().SingleOrDefaultAsync(m => m.ProjectId == command.ProjectId && m.UserId == me && m.RevokedAt == null, cancellationToken)
                ?? throw new Kernel.Validation.ValidationFailedException("", l["Only members of the project receive its updates."]);
            member.Subscribed = command.On;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
