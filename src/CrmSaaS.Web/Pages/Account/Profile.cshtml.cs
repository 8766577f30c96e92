using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Account;

/// <summary>A person's own name and time zone.</summary>
public sealed class ProfileModel(IMediator mediator, UserTimeZones zones, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public Command Input { get; set; } = new();

    /// <summary>The zone used when the person chooses none.</summary>
    public string TeamDefault { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input = await mediator.Send(new Query(), cancellationToken);
        TeamDefault = await zones.TeamDefaultAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        TeamDefault = await zones.TeamDefaultAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(Input, cancellationToken);
        TempData["Flash"] = l["Your profile is saved."].Value;
        return Redirect("/account/profile");
    }

    [PublicMessage]
    public sealed record Query : IQuery<Command>;

    /// <summary>Acts on the signed-in person's own account only.</summary>
    [PublicMessage]
    public sealed class Command : IRequest
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(120, ErrorMessage = "Use at most {1} characters.")]
        public string DisplayName { get; set; } = "";

        /// <summary>An IANA id, or empty to follow the team's default.</summary>
        public string? TimeZone { get; set; }
    }

    public sealed class Handlers(UserManager<AppUser> users, SignInManager<AppUser> signIn, IUnitOfWork unitOfWork, ICurrentUser current, IStringLocalizer<SharedResource> l)
        : IQueryHandler<Query, Command>, IRequestHandler<Command>
    {
        public async ValueTask<Command> Handle(Query query, CancellationToken cancellationToken)
        {
            var user = await users.Users.AsNoTracking().SingleAsync(u => u.Id == current.RequireUserId(), cancellationToken);
            return new Command { DisplayName = user.DisplayName, TimeZone = user.TimeZone };
        }

        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var zone = string.IsNullOrWhiteSpace(command.TimeZone) ? null : command.TimeZone.Trim();
            if (zone is not null && !TimeZoneIds.All.Contains(zone))
            {
                throw new ValidationFailedException("Input.TimeZone", l["Choose a time zone from the list."]);
            }

            var user = await users.FindByIdAsync(current.RequireUserId().ToString()) ?? throw new NotFoundException("Account");
            user.DisplayName = command.DisplayName.Trim();
            user.TimeZone = zone;
            await users.UpdateAsync(user);
            // The name shown in the top bar comes from the cookie.
            unitOfWork.AfterCommit(_ => signIn.RefreshSignInAsync(user));
            return Unit.Value;
        }
    }
}
