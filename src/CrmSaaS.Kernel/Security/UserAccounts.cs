using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

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

    /// <summary>
    /// The account of whoever opened an invitation sent to <paramref name="email"/>: theirs when they
    /// have one, else a new one with the name and password they chose (in the language of the page).
    /// </summary>
    public async Task<AppUser> FindOrCreateAsync(string email, AccountSetupInput input) =>
        await users.FindByEmailAsync(email)
        ?? await CreateAsync(input.DisplayName.Trim(), email, input.Password, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de" ? "de" : "en", "Input.");
}

/// <summary>
/// What someone opening an invitation link enters (as "Input."): their name and a password, used only
/// when they have no account yet; the token comes from the link.
/// </summary>
public abstract class AccountSetupInput
{
    [BindNever]
    public string Token { get; set; } = "";

    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(120, ErrorMessage = "The name is too long.")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(100, MinimumLength = 8, ErrorMessage = "The password needs at least 8 characters.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";
}
