using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Web.Hosting;
using CrmSaaS.Web.Identity;
using CrmSaaS.Kernel.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

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

        if (await mediator.Send(Input) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
            return Page();
        }

        return Redirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/admin");
    }

    [PublicMessage]
    public sealed class Command : IRequest<string?>
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    /// <summary>Returns why the sign-in was refused, or null.</summary>
    public sealed class Handler(PasswordSignIn signIn) : IRequestHandler<Command, string?>
    {
        public async ValueTask<string?> Handle(Command command, CancellationToken cancellationToken) =>
            (await signIn.SignInAsync(command.Email, command.Password, persistent: false, user => Task.FromResult(user.IsSuperadmin))).Refusal;
    }
}
