using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
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
public sealed class SettingsModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    [BindProperty]
    public Command Input { get; set; } = new();

    /// <summary>When the team will be deleted, if an Organization Manager asked for it.</summary>
    public DateTime? DeleteAfter { get; private set; }

    public string? DeletionRequestedBy { get; private set; }

    public string Identifier { get; private set; } = "";

    [BindProperty]
    public string? ConfirmIdentifier { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken, keepInput: false);

    /// <summary>A refused form shows the page again: the deletion state, and the saved settings unless the settings form was the one refused.</summary>
    public Task ReloadAsync() => LoadAsync(HttpContext.RequestAborted, keepInput: ModelState.Keys.Any(k => k.StartsWith("Input.", StringComparison.Ordinal)));

    private async Task LoadAsync(CancellationToken cancellationToken, bool keepInput)
    {
        var state = await mediator.Send(new DeletionQuery(), cancellationToken);
        (DeleteAfter, DeletionRequestedBy, Identifier) = (state.DeleteAfter, state.RequestedBy, state.Identifier);
        if (!keepInput)
        {
            Input = await mediator.Send(new Query(), cancellationToken);
        }
    }

    /// <summary>Asks for the team's deletion after the grace period; the team's identifier typed in confirms it.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        await mediator.Send(new ScheduleDeletion(ConfirmIdentifier ?? ""), cancellationToken);

        TempData["Flash"] = l["The team will be deleted after 30 days. Until then everything works as before, and you can keep the team."].Value;
        return Redirect("/team/settings");
    }

    public async Task<IActionResult> OnPostKeepAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new CancelDeletion(), cancellationToken);
        TempData["Flash"] = l["The team is kept; its deletion is cancelled."].Value;
        return Redirect("/team/settings");
    }

    public sealed record DeletionState(string Identifier, DateTime? DeleteAfter, string? RequestedBy);

    [RequiresPermission(TeamPermissions.Settings)]
    public sealed record DeletionQuery : IQuery<DeletionState>;

    [RequiresPermission(TeamPermissions.Delete)]
    public sealed record ScheduleDeletion(string ConfirmIdentifier) : IRequest;

    [RequiresPermission(TeamPermissions.Delete)]
    public sealed record CancelDeletion : IRequest;

    public sealed class DeletionHandlers(AppDbContext db, ITenantContext tenant, ICurrentUser user, IEmailOutbox outbox, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IQueryHandler<DeletionQuery, DeletionState>, IRequestHandler<ScheduleDeletion>, IRequestHandler<CancelDeletion>
    {
        public async ValueTask<DeletionState> Handle(DeletionQuery query, CancellationToken cancellationToken) =>
            await db.Tenants.AsNoTracking().Where(t => t.Id == tenant.Tenant!.Id)
                .Select(t => new DeletionState(t.Identifier, t.DeleteAfter, t.DeletionRequestedBy)).SingleAsync(cancellationToken);

        public async ValueTask<Unit> Handle(ScheduleDeletion command, CancellationToken cancellationToken)
        {
            var team = await db.Tenants.SingleAsync(t => t.Id == tenant.Tenant!.Id, cancellationToken);
            if (!string.Equals(command.ConfirmIdentifier.Trim(), team.Identifier, StringComparison.OrdinalIgnoreCase))
            {
                throw new ValidationFailedException(nameof(ConfirmIdentifier), l["Type the team's address, {0}, to confirm.", team.Identifier]);
            }

            if (team.DeleteAfter is not null)
            {
                return Unit.Value;
            }

            team.DeleteAfter = clock.GetUtcNow().UtcDateTime + TeamDeletion.GracePeriod;
            team.DeletionRequestedBy = user.DisplayName;
            await NotifyManagersAsync(team, l["The team {0} will be deleted", team.Name],
                l["{0} asked for the team {1} to be deleted with all its data. This happens on {2:yyyy-MM-dd} (UTC). Until then everything works as before: export the data under Team → Export data, or keep the team under Team → Team settings.", user.DisplayName ?? "", team.Name, team.DeleteAfter], cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(CancelDeletion command, CancellationToken cancellationToken)
        {
            var team = await db.Tenants.SingleAsync(t => t.Id == tenant.Tenant!.Id, cancellationToken);
            if (team.DeleteAfter is null)
            {
                return Unit.Value;
            }

            (team.DeleteAfter, team.DeletionRequestedBy) = (null, null);
            await NotifyManagersAsync(team, l["The team {0} is kept", team.Name], l["{0} cancelled the deletion of the team {1}. Nothing is deleted.", user.DisplayName ?? "", team.Name], cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        private async Task NotifyManagersAsync(Kernel.Data.Tenant team, string subject, string body, CancellationToken cancellationToken)
        {
            var managers = await db.Memberships.Where(m => m.Role == TeamRole.OrganizationManager)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.Email).Where(e => e != null).ToListAsync(cancellationToken);
            foreach (var email in managers)
            {
                outbox.Enqueue(email!, subject, body);
            }
        }
    }

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
