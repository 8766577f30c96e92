using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Identity;

/// <summary>The account signed in, or why not (one message for every failure).</summary>
public sealed record PasswordSignInOutcome(AppUser? User, string? Refusal)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// Signs a user in with a password, or refuses with one message for every failure, so the answer
/// never tells whether an email exists or belongs elsewhere. Failures count toward Identity's lockout;
/// a refusal is an outcome, not an exception, so the unit of work commits the failed-attempt count.
/// </summary>
public sealed class PasswordSignIn(SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> l)
{
    /// <summary>Signs in the account the email names, when <paramref name="mayUse"/> lets it sign in here.</summary>
    public async Task<PasswordSignInOutcome> SignInAsync(string email, string password, bool persistent, Func<AppUser, Task<bool>> mayUse)
    {
        var user = await signIn.UserManager.FindByEmailAsync(email.Trim());
        if (user is null || !await mayUse(user))
        {
            return Incorrect();
        }

        var result = await signIn.PasswordSignInAsync(user, password, persistent, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return new PasswordSignInOutcome(null, l["Too many failed sign-ins. The account is locked for a while; try again later or reset your password."]);
        }

        return result.Succeeded ? new PasswordSignInOutcome(user, null) : Incorrect();
    }

    private PasswordSignInOutcome Incorrect() => new(null, l["Email or password is incorrect."]);
}
