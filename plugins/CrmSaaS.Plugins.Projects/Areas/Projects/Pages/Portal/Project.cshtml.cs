using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Projects.Areas.Projects.Pages.Portal;

/// <summary>A client contact's view of one project: the board read-only, the updates meant for the client, and messages to the team.</summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed class ProjectModel(IMediator mediator, ProjectAccess access, BoardReader reader, AppDbContext db, Microsoft.Extensions.Localization.IStringLocalizer<Kernel.Localization.SharedResource> l) : PageModel, CrmSaaS.Kernel.Htmx.IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public ProjectSight Sight { get; private set; } = null!;
    public BoardView Board { get; private set; } = null!;
    public IReadOnlyList<UpdateView> Feed { get; private set; } = [];
    public bool Subscribed { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Sight = await access.SightAsync(Id, cancellationToken);
        Board = await reader.BoardAsync(Id, readOnly: true, forClient: true, cancellationToken);
        Feed = await reader.FeedAsync(Id, forClient: true, take: 50, cancellationToken);
        var me = access.Me;
        Subscribed = await db.Set<ProjectMember>().AnyAsync(m => m.ProjectId == Id && m.UserId == me && m.Subscribed, cancellationToken);
    }

    [BindProperty]
    public MessageInput Message { get; set; } = new();

    public Task ReloadAsync() => OnGetAsync(HttpContext.RequestAborted);

    /// <summary>A message to the team: it joins the project's updates on both sides and is emailed to those who follow the project.</summary>
    public async Task<IActionResult> OnPostMessageAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await ReloadAsync();
            return Page();
        }

        await mediator.Send(new WriteToTeam(Id, Message.Text), cancellationToken);
        TempData["Flash"] = l["Your message was sent to the team."].Value;
        return Redirect($"/portal/projects/{Id}#messages");
    }

    public sealed class MessageInput
    {
        [Required(ErrorMessage = "Write your message.")]
        [StringLength(ProjectLimits.Text, ErrorMessage = "Use at most {1} characters.")]
        [DataType(DataType.MultilineText)]
        public string Text { get; set; } = "";
    }

    [RequiresPermission(PortalPermissions.Access)]
    public sealed record WriteToTeam(Guid ProjectId, string Text) : IRequest;

    public sealed class MessageHandler(ProjectAccess access, ProjectFeed feed) : IRequestHandler<WriteToTeam>
    {
        public async ValueTask<Unit> Handle(WriteToTeam command, CancellationToken cancellationToken)
        {
            var sight = await access.SightAsync(command.ProjectId, cancellationToken);
            if (!sight.IsContact)
            {
                throw new ForbiddenException(PortalPermissions.Access);
            }

            await feed.RecordAsync(sight.Project, UpdateKind.Message, access.Me, command.Text.Trim(), visibleToClient: true, cancellationToken: cancellationToken);
            return Unit.Value;
        }
    }

    public async Task<IActionResult> OnPostSubscribeAsync(bool on, CancellationToken cancellationToken)
    {
        await mediator.Send(new Subscribe(Id, on), cancellationToken);
        return Redirect($"/portal/projects/{Id}");
    }

    [RequiresPermission(PortalPermissions.Access)]
    public sealed record Subscribe(Guid ProjectId, bool On) : IRequest;

    public sealed class Handler(AppDbContext db, ProjectAccess access) : IRequestHandler<Subscribe>
    {
        public async ValueTask<Unit> Handle(Subscribe command, CancellationToken cancellationToken)
        {
            await access.SightAsync(command.ProjectId, cancellationToken);
            var me = access.Me;
            var member = await db.Set<ProjectMember>().SingleAsync(m => m.ProjectId == command.ProjectId && m.UserId == me && m.RevokedAt == null, cancellationToken);
            member.Subscribed = command.On;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
