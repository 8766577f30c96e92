using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Web.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Admin;

/// <summary>
/// Where the emailed link goes when someone's wrong guesses locked the Superadmin out: it signs the
/// Superadmin in and lifts the lockout. The token is bound to the account's security stamp (changed
/// here, so the link works once) and to its expiry.
/// </summary>
[RootSite]
[AllowAnonymous]
public sealed class UnlockModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid? user, long? expires, string? token)
    {
        if (user is null || expires is null || token is null || !await mediator.Send(new Command(user.Value, expires.Value, token)))
        {
            TempData["Flash"] = l["That sign-in link has expired or was already used. Please sign in."].Value;
            return Redirect("/admin/signin");
        }

        TempData["Flash"] = l["You are signed in and your account is unlocked. If the failed sign-ins were not yours, change your password."].Value;
        return Redirect("/admin");
    }

    [PublicMessage]
    public sealed record Command(Guid UserId, long Expires, string Token) : IRequest<bool>;

    public sealed class Handler(SignInManager<AppUser> signIn, TimeProvider clock) : IRequestHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            var users = signIn.UserManager;
            var user = await users.FindByIdAsync(command.UserId.ToString());
            if (user is null || !user.IsSuperadmin || command.Expires < clock.GetUtcNow().ToUnixTimeSeconds()
                || !await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, PasswordSignIn.UnlockPurpose(command.Expires), command.Token))
            {
                return false;
            }

            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            await users.UpdateSecurityStampAsync(user);
            await signIn.SignInAsync(user, isPersistent: false);
            return true;
        }
    }
}
