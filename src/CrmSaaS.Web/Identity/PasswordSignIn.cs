using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Identity;

/// <summary>
/// Signs a user in with a password, or refuses with one message for every failure, so the answer
/// never tells whether an email exists or belongs elsewhere. Failures count toward Identity's lockout.
/// </summary>
public sealed class PasswordSignIn(SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> l)
{
    /// <summary>The account the email names, when <paramref name="mayUse"/> lets it sign in here; else refused.</summary>
    public async Task<AppUser> SignInAsync(string email, string password, bool persistent, Func<AppUser, Task<bool>> mayUse)
    {
        var user = await signIn.UserManager.FindByEmailAsync(email.Trim());
        if (user is null || !await mayUse(user))
        {
            throw Incorrect();
        }

        var result = await signIn.PasswordSignInAsync(user, password, persistent, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            throw new ValidationFailedException("", l["Too many failed sign-ins. The account is locked for a while; try again later or reset your password."]);
        }

        return result.Succeeded ? user : throw Incorrect();
    }

    private ValidationFailedException Incorrect() => new("", l["Email or password is incorrect."]);
}
