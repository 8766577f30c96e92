using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Projects.Areas.Projects.Pages.Projects;

[RequiresPermission(ProjectsPermissions.Read)]
public sealed class EditModel(IMediator mediator, ProjectAccess access) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public ProjectInput Input { get; set; } = new();

    public ProjectSight? Sight { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync();
        Input = ProjectInput.From(Sight!.Project);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await ReloadAsync();
            return Page();
        }

        await mediator.Send(new Command(Id, Input), cancellationToken);
        return Redirect(Url.Page("/Projects/Board", new { area = "Projects", id = Id })!);
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new Delete(Id), cancellationToken);
        return Redirect(Url.Page("/Projects/Index", new { area = "Projects" })!);
    }

    public async Task ReloadAsync()
    {
        Sight = await access.ManageAsync(Id, HttpContext.RequestAborted);
    }

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record Command(Guid Id, ProjectInput Input) : IRequest;

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record Delete(Guid Id) : IRequest;

    public sealed class Handler(AppDbContext db, ProjectAccess access, ProjectFactory factory, ProjectFeed feed, IEnumerable<IProjectDependents> dependents, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IRequestHandler<Command>, IRequestHandler<Delete>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            await access.ManageAsync(command.Id, cancellationToken);
            var project = await db.Set<Project>().SingleAsync(p => p.Id == command.Id, cancellationToken);
            var before = project.Status;
            command.Input.ApplyTo(project);
            if (project.Code.Length == 0)
            {
                project.Code = await factory.FreeCodeAsync(project.Name, cancellationToken);
            }
            else if (await factory.IsCodeTakenAsync(project.Code, project.Id, cancellationToken))
            {
                throw new ValidationFailedException("Input.Code", l["Another project already uses this code."]);
            }

            project.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            if (before != project.Status)
            {
                await feed.RecordAsync(project, UpdateKind.StatusChanged, access.Me, l[ProjectInput.StatusLabel(project.Status)], visibleToClient: true,
                    detail: l[ProjectInput.StatusLabel(before)], cancellationToken: cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(Delete command, CancellationToken cancellationToken)
        {
            var sight = await access.ManageAsync(command.Id, cancellationToken);
            var kept = new List<string>();
            foreach (var plugin in dependents)
            {
                if (await plugin.DescribeAsync(command.Id, cancellationToken) is { } what)
                {
                    kept.Add(what);
                }
            }

            if (kept.Count > 0)
            {
                throw new ValidationFailedException("", l["{0} cannot be deleted while it has {1}. Archive it instead; its history stays.", sight.Project.Name, string.Join(", ", kept)]);
            }

            // Tasks hold their column with a restricting key, so they go before the board.
            await db.Set<ProjectTask>().Where(t => t.ProjectId == command.Id).ExecuteDeleteAsync(cancellationToken);
            db.Remove(await db.Set<Project>().SingleAsync(p => p.Id == command.Id, cancellationToken));
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
