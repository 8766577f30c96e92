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

    /// <summary>Only members of this team and its client contacts with portal access may sign in here.</summary>
    public sealed class Handler(SiteAccess access, PasswordSignIn signIn, IHttpContextAccessor http, TimeProvider clock) : IRequestHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await signIn.SignInAsync(command.Email, command.Password, command.RememberMe,
                candidate => access.MayUseAsync(candidate.Id, cancellationToken));
            CultureCookie.Set(http.HttpContext!.Response, user.Culture, clock.GetUtcNow());
            return Unit.Value;
        }
    }
}
