using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Team;

/// <summary>The team's name, default time zone and base currency.</summary>
[RequiresPermission(TeamPermissions.Settings)]
public sealed class SettingsModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public Command Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken) => Input = await mediator.Send(new Query(), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(Input, cancellationToken);
        TempData["Flash"] = l["Team settings saved."].Value;
        return Redirect("/team/settings");
    }

    [RequiresPermission(TeamPermissions.Settings)]
    public sealed record Query : IQuery<Command>;

    [RequiresPermission(TeamPermissions.Settings)]
    public sealed class Command : IRequest
    {
        [Required(ErrorMessage = "Enter the team's name.")]
        [StringLength(120, ErrorMessage = "Use at most {1} characters.")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Choose a time zone from the list.")]
        public string TimeZone { get; set; } = TimeZoneIds.Default;

        [Required(ErrorMessage = "Unknown currency code.")]
        [Kernel.Validation.CurrencyCode]
        public string Currency { get; set; } = "EUR";
    }

    public sealed class Handlers(AppDbContext db, ITenantContext tenant, ITenantStore store, IUnitOfWork unitOfWork, IStringLocalizer<SharedResource> l)
        : IQueryHandler<Query, Command>, IRequestHandler<Command>
    {
        public async ValueTask<Command> Handle(Query query, CancellationToken cancellationToken)
        {
            var team = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenant.Tenant!.Id, cancellationToken);
            return new Command { Name = team.Name, TimeZone = team.TimeZone, Currency = team.Currency };
        }

        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!TimeZoneIds.All.Contains(command.TimeZone))
            {
                throw new ValidationFailedException("Input.TimeZone", l["Choose a time zone from the list."]);
            }

            var team = await db.Tenants.SingleAsync(t => t.Id == tenant.Tenant!.Id, cancellationToken);
            team.Name = command.Name.Trim();
            team.TimeZone = command.TimeZone;
            team.Currency = command.Currency.Trim().ToUpperInvariant();
            await db.SaveChangesAsync(cancellationToken);
            unitOfWork.AfterCommit(_ =>
            {
                store.Invalidate(team.Identifier);
                return Task.CompletedTask;
            });
            return Unit.Value;
        }
    }
}
