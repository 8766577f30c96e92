using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Projects.Areas.Projects.Pages.Projects;

[RequiresPermission(ProjectsPermissions.Create)]
public sealed class CreateModel(IMediator mediator, ICrmDirectory crm, TimeProvider clock) : PageModel, IReloadOnInvalid
{
    [BindProperty]
    public ProjectInput Input { get; set; } = new();

    public IReadOnlyList<(Guid Id, string Name, string Currency)> Clients { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? clientId, CancellationToken cancellationToken)
    {
        Input.ClientId = clientId ?? Guid.Empty;
        Input.StartDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await LoadAsync(cancellationToken);
        return clientId is { } id && Clients.All(c => c.Id != id) ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var id = await mediator.Send(new Command(Input), cancellationToken);
        return Redirect(Url.Page("/Projects/Board", new { area = "Projects", id })!);
    }

    public Task ReloadAsync() => LoadAsync(HttpContext.RequestAborted);

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Clients = (await crm.Clients.Where(c => c.Status != ClientStatus.Inactive || c.Id == Input.ClientId).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, c.Currency }).ToListAsync(cancellationToken)).Select(c => (c.Id, c.Name, c.Currency)).ToList();

    [RequiresPermission(ProjectsPermissions.Create)]
    public sealed record Command(ProjectInput Input) : IRequest<Guid>;

    public sealed class Handler(AppDbContext db, ICrmDirectory crm, ProjectFactory factory, ProjectAccess access, IStringLocalizer<SharedResource> l) : IRequestHandler<Command, Guid>
    {
        public async ValueTask<Guid> Handle(Command command, CancellationToken cancellationToken)
        {
            var input = command.Input;
            var client = await crm.Clients.SingleOrDefaultAsync(c => c.Id == input.ClientId, cancellationToken)
                ?? throw new ValidationFailedException("Input.ClientId", l["Choose the client the project is for."]);
            var project = new Project { ClientId = client.Id, Currency = client.Currency };
            input.ApplyTo(project);
            if (project.Code.Length > 0 && await factory.IsCodeTakenAsync(project.Code, null, cancellationToken))
            {
                throw new ValidationFailedException("Input.Code", l["Another project already uses this code."]);
            }

            await factory.CreateAsync(project, access.Me, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return project.Id;
        }
    }
}
