using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Web.Identity;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Account;

public sealed class PasswordModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public Command Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(Input);
        TempData["Flash"] = l["Your password has been changed."].Value;
        return Redirect("/");
    }

    [PublicMessage]
    public sealed class Command : IRequest
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(100, MinimumLength = 8, ErrorMessage = "The password needs at least 8 characters.")]
        [DataType(DataType.Password)]
        public string NewPassword { get; set; } = "";

        [Compare(nameof(NewPassword), ErrorMessage = "The passwords do not match.")]
        [DataType(DataType.Password)]
        public string ConfirmPassword { get; set; } = "";
    }

    public sealed class Handler(ICurrentUser current, SignInManager<AppUser> signIn, UserSessions sessions, IHttpContextAccessor http, IStringLocalizer<SharedResource> l) : IRequestHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await signIn.UserManager.FindByIdAsync(current.UserId?.ToString() ?? "")
                ?? throw new ForbiddenException("account");
            var result = await signIn.UserManager.ChangePasswordAsync(user, command.CurrentPassword, command.NewPassword);
            if (!result.Succeeded)
            {
                var wrongCurrent = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
                throw wrongCurrent
                    ? new ValidationFailedException("Input.CurrentPassword", l["The current password is not correct."])
                    : new ValidationFailedException("Input.NewPassword", string.Join(" ", result.Errors.Select(e => e.Description)));
            }

            // Every other browser signed in to this account is signed out now; this one stays.
            await sessions.EndAllAsync(user.Id, UserSessions.IdOf(http.HttpContext?.User), cancellationToken);
            await signIn.RefreshSignInAsync(user);
            return Unit.Value;
        }
    }
}
