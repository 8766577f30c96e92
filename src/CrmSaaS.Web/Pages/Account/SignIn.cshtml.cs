using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Web.Hosting;
using CrmSaaS.Web.Identity;
using CrmSaaS.Kernel.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

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

        if (await mediator.Send(Input) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
            return Page();
        }

        return this.RedirectOrHxRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    [PublicMessage]
    public sealed class Command : IRequest<string?>
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

    /// <summary>Only members of this team and its client contacts with portal access may sign in here. Returns why not, or null.</summary>
    public sealed class Handler(SiteAccess access, PasswordSignIn signIn, IHttpContextAccessor http, TimeProvider clock) : IRequestHandler<Command, string?>
    {
        public async ValueTask<string?> Handle(Command command, CancellationToken cancellationToken)
        {
            var outcome = await signIn.SignInAsync(command.Email, command.Password, command.RememberMe,
                candidate => access.MayUseAsync(candidate.Id, cancellationToken));
            if (outcome.User is { } user)
            {
                CultureCookie.Set(http.HttpContext!.Response, user.Culture, clock.GetUtcNow());
            }

            return outcome.Refusal;
        }
    }
}
