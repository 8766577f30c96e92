using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Web.Hosting;
using CrmSaaS.Kernel.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Admin;

/// <summary>Sign-in on the root domain; only Superadmins get in.</summary>
[RootSite]
[AllowAnonymous]
[SignInRateLimited]
public sealed class SignInModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public Command Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

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
        return Redirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/admin");
    }

    [PublicMessage]
    public sealed class Command : IRequest
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public sealed class Handler(SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> l) : IRequestHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await signIn.UserManager.FindByEmailAsync(command.Email.Trim());
            if (user is null || !user.IsSuperadmin)
            {
                throw new ValidationFailedException("", l["Email or password is incorrect."]);
            }

            var result = await signIn.PasswordSignInAsync(user, command.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.IsLockedOut)
            {
                throw new ValidationFailedException("", l["Too many failed sign-ins. The account is locked for a while; try again later or reset your password."]);
            }

            if (!result.Succeeded)
            {
                throw new ValidationFailedException("", l["Email or password is incorrect."]);
            }

            return Unit.Value;
        }
    }
}
