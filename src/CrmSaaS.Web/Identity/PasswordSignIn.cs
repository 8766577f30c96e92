using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Web.Team;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Identity;

/// <summary>The account signed in, or why not (one message for every failure).</summary>
public sealed record PasswordSignInOutcome(AppUser? User, string? Refusal)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// Signs a user in with a password, or refuses with one message for every failure — unknown email,
/// an account of another site, a wrong password, a locked account, too many attempts — so the answer
/// never tells whether an email exists. Every path verifies a password hash, so all cost the same.
/// Failures count toward Identity's lockout; when an attempt locks an account, its owner is emailed a
/// one-time sign-in link that also unlocks it (on the team's site, or the root's for the Superadmin),
/// so nobody can keep an owner out.
/// Attempts are limited per account (whatever the address) as well as per address (the rate limiter).
/// A refusal is an outcome, not an exception, so the unit of work commits the failed-attempt count.
/// </summary>
public sealed class PasswordSignIn(SignInManager<AppUser> signIn, IMemoryCache cache, IConfiguration config, ITenantContext tenant,
    TeamProvisioning provisioning, IEmailOutbox outbox, TenantUrls urls, AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public static readonly TimeSpan UnlockLinkLifetime = TimeSpan.FromMinutes(30);
    public static string UnlockPurpose(long expires) => $"unlock:{expires}";
    private static readonly TimeSpan AccountWindow = TimeSpan.FromMinutes(15);
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    /// <summary>Signs in the account the email names, when <paramref name="mayUse"/> lets it sign in here.</summary>
    public async Task<PasswordSignInOutcome> SignInAsync(string email, string password, bool persistent, Func<AppUser, Task<bool>> mayUse) =>
        await CheckAsync(email, password, mayUse) is { } user && await SignInCheckedAsync(user, persistent)
            ? new PasswordSignInOutcome(user, null)
            : Incorrect();

    /// <summary>
    /// The sign-in checks without signing in (adding a team to an existing account at sign-up goes
    /// through them too): the account when the password is right and the account may sign in now, else null.
    /// </summary>
    public async Task<AppUser?> CheckAsync(string email, string password, Func<AppUser, Task<bool>> mayUse)
    {
        if (!WithinAccountLimit(email))
        {
            VerifyDummy(password);
            return null;
        }

        var user = await signIn.UserManager.FindByEmailAsync(email.Trim());
        if (user is null || !await mayUse(user))
        {
            VerifyDummy(password);
            return null;
        }

        if (await signIn.UserManager.IsLockedOutAsync(user))
        {
            VerifyDummy(password);
            return null;
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await SendUnlockLinkAsync(user);
        }

        return result.Succeeded ? user : null;
    }

    private async Task<bool> SignInCheckedAsync(AppUser user, bool persistent)
    {
        await signIn.SignInAsync(user, persistent);
        return true;
    }

    /// <summary>Costs what checking a real password costs, so an unknown email answers no faster.</summary>
    private static void VerifyDummy(string password) =>
        new PasswordHasher<AppUser>().VerifyHashedPassword(new AppUser(), DummyHash.Value, password);

    /// <summary>A fixed window per email address, counted whether or not the account exists.</summary>
    private bool WithinAccountLimit(string email)
    {
        var limit = config.GetValue("RateLimits:SignInPerAccount", 20);
        var key = "signin-account:" + email.Trim().ToUpperInvariant();
        var counter = cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = AccountWindow;
            return new StrongBox<int>();
        })!;
        return Interlocked.Increment(ref counter.Value) <= limit;
    }

    private async Task SendUnlockLinkAsync(AppUser user)
    {
        if (user.Email is null)
        {
            return;
        }

        string link, site;
        if (tenant.Tenant is { } team)
        {
            var token = provisioning.IssueSignInTicket(user.Id, UnlockLinkLifetime);
            link = urls.ForTeam(team.Identifier, "/account/ticket?unlock=1&token=" + token);
            site = team.Name;
        }
        else
        {
            // The root site (the Superadmin): a token bound to the account's security stamp, spent on use.
            // Its expiry is part of the token's purpose, so the link's expires cannot be changed.
            var expires = (clock.GetUtcNow() + UnlockLinkLifetime).ToUnixTimeSeconds();
            var token = await signIn.UserManager.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, UnlockPurpose(expires));
            link = urls.Root($"/admin/unlock?user={user.Id}&expires={expires}&token={Uri.EscapeDataString(token)}");
            site = "CrmSaaS";
        }

        outbox.Enqueue(
            user.Email,
            l["Your {0} account was locked", site],
            $"{l["Someone entered a wrong password for your account several times, so it is locked for a while. If it was you, this link signs you in and unlocks the account (valid for 30 minutes, once):"]}\n\n{link}\n\n{l["If it was not you, your password is still safe; consider changing it after signing in."]}");
        await db.SaveChangesAsync();
    }

    private PasswordSignInOutcome Incorrect() => new(null, l["Email or password is incorrect."]);

    private sealed class StrongBox<T>
    {
        public T Value = default!;
    }
}
