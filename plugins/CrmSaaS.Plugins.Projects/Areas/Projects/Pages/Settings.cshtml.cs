using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Projects.Areas.Projects.Pages;

/// <summary>The team's board template (for new projects) and the onboarding defaults of the create-client form.</summary>
[RequiresPermission(ProjectsPermissions.Settings)]
public sealed class SettingsModel(IMediator mediator, ProjectFactory factory, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public Command Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var settings = await factory.SettingsAsync(cancellationToken);
        Input = new Command
        {
            BoardColumns = settings.BoardColumns,
            OnboardingCreateProject = settings.OnboardingCreateProject,
            OnboardingInviteRepresentatives = settings.OnboardingInviteRepresentatives,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(Input, cancellationToken);
        TempData["Flash"] = l["Project settings saved."].Value;
        return Redirect(Url.Page("/Settings", new { area = "Projects" })!);
    }

    [RequiresPermission(ProjectsPermissions.Settings)]
    public sealed class Command : IRequest
    {
        [DataType(DataType.MultilineText)]
        public string BoardColumns { get; set; } = "";
        public bool OnboardingCreateProject { get; set; }
        public bool OnboardingInviteRepresentatives { get; set; }
    }

    public sealed class Handler(AppDbContext db, IStringLocalizer<SharedResource> l) : IRequestHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var columns = (command.BoardColumns ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var field = "Input.BoardColumns";
            if (columns.Length is < 2 or > ProjectLimits.MaxColumns)
            {
                throw new ValidationFailedException(field, l["A board needs between 2 and {0} columns, one per line.", ProjectLimits.MaxColumns]);
            }

            if (columns.FirstOrDefault(c => c.Length > ProjectLimits.Column) is { } tooLong)
            {
                throw new ValidationFailedException(field, l["The column name \"{0}\" is longer than {1} characters.", tooLong, ProjectLimits.Column]);
            }

            if (columns.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new ValidationFailedException(field, l["The column \"{0}\" is listed twice.", twice.Key]);
            }

            var settings = await db.Set<ProjectSettings>().SingleOrDefaultAsync(cancellationToken);
            if (settings is null)
            {
                settings = new ProjectSettings();
                db.Add(settings);
            }

            settings.BoardColumns = string.Join('\n', columns);
            settings.OnboardingCreateProject = command.OnboardingCreateProject;
            settings.OnboardingInviteRepresentatives = command.OnboardingInviteRepresentatives;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
