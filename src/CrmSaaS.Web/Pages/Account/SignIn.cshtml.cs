using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Web.Hosting;
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
        return this.RedirectOrHxRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    [PublicMessage]
    public sealed class Command : IRequest
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }

    /// <summary>
    /// Only members of this team may sign in here. Failures count toward Identity's lockout; the
    /// answer never tells whether the email exists or belongs to another team.
    /// </summary>
    public sealed class Handler(AppDbContext db, SignInManager<AppUser> signIn, IHttpContextAccessor http, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IRequestHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await signIn.UserManager.FindByEmailAsync(command.Email.Trim());
            var isMember = user is not null && await db.Memberships.AnyAsync(m => m.UserId == user.Id, cancellationToken);
            if (user is null || !isMember)
            {
                throw new ValidationFailedException("", l["Email or password is incorrect."]);
            }

            var result = await signIn.PasswordSignInAsync(user, command.Password, command.RememberMe, lockoutOnFailure: true);
            if (result.IsLockedOut)
            {
                throw new ValidationFailedException("", l["Too many failed sign-ins. The account is locked for a while; try again later or reset your password."]);
            }

            if (!result.Succeeded)
            {
                throw new ValidationFailedException("", l["Email or password is incorrect."]);
            }

            CultureCookie.Set(http.HttpContext!.Response, user.Culture, clock.GetUtcNow());
            return Unit.Value;
        }
    }
}
