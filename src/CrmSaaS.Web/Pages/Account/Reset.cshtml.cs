using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Web.Identity;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Kernel.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Account;

[AllowAnonymous]
[SignInRateLimited]
public sealed class ResetModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public Command Input { get; set; } = new();

    public async Task OnGetAsync(Guid user, string? token)
    {
        await mediator.Send(new LinkQuery(user));
        Input.UserId = user;
        Input.Token = token ?? "";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(Input);
        TempData["Flash"] = l["Your password has been changed. Sign in with the new one."].Value;
        return Redirect("/account/signin");
    }

    /// <summary>A reset link is only for a member of this team; for anyone else the page does not exist.</summary>
    [PublicMessage]
    public sealed record LinkQuery(Guid UserId) : IQuery<Unit>;

    [PublicMessage]
    public sealed class Command : IRequest
    {
        public Guid UserId { get; set; }

        [Required]
        public string Token { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(100, MinimumLength = 8, ErrorMessage = "The password needs at least 8 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
        [DataType(DataType.Password)]
        public string ConfirmPassword { get; set; } = "";
    }

    public sealed class Handler(SiteAccess access, UserManager<AppUser> users, UserSessions sessions, IStringLocalizer<SharedResource> l)
        : IQueryHandler<LinkQuery, Unit>, IRequestHandler<Command>
    {
        public async ValueTask<Unit> Handle(LinkQuery query, CancellationToken cancellationToken) =>
            await access.MayUseAsync(query.UserId, cancellationToken)
                ? Unit.Value
                : throw new Kernel.Security.NotFoundException("Reset link");

        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(command.UserId.ToString());
            if (user is null || !await access.MayUseAsync(user.Id, cancellationToken))
            {
                throw new ValidationFailedException("", l["This reset link is not valid. Ask for a new one."]);
            }

            var result = await users.ResetPasswordAsync(user, command.Token, command.Password);
            if (!result.Succeeded)
            {
                var invalidToken = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
                throw invalidToken
                    ? new ValidationFailedException("", l["This reset link is not valid or has expired. Ask for a new one."])
                    : new ValidationFailedException("Input.Password", string.Join(" ", result.Errors.Select(e => e.Description)));
            }

            await users.ResetAccessFailedCountAsync(user);
            await users.SetLockoutEndDateAsync(user, null);
            // Whoever knew the old password is signed out everywhere.
            await sessions.EndAllAsync(user.Id, keep: null, cancellationToken);
            return Unit.Value;
        }
    }
}
