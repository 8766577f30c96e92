using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Validation;
using Microsoft.AspNetCore.Identity;

namespace CrmSaaS.Kernel.Security;

/// <summary>Creates sign-in accounts (team members at sign-up or invitation, client contacts at their invitation).</summary>
public sealed class UserAccounts(UserManager<AppUser> users, TimeProvider clock)
{
    /// <summary>Creates a user or throws a <see cref="ValidationFailedException"/> naming the field at fault.</summary>
    /// <param name="fieldPrefix">The form's prefix, e.g. "Input.", so messages land beside "Input.Password".</param>
    public async Task<AppUser> CreateAsync(string displayName, string email, string password, string culture, string fieldPrefix)
    {
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = displayName,
            Culture = culture,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new ValidationFailedException(result.Errors
                .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? fieldPrefix + "Password" : fieldPrefix + "Email")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        }

        return user;
    }
}
