using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Web.Pages.Admin;

[RootSite]
[AllowAnonymous]
public sealed class SignOutModel(SignInManager<AppUser> signIn, CrmSaaS.Web.Identity.UserSessions sessions) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        // The session ends on the server too: a copy of this cookie no longer signs anyone in.
        if (CrmSaaS.Web.Identity.UserSessions.IdOf(User) is { } session)
        {
            await sessions.EndAsync(session, HttpContext.RequestAborted);
        }

        await signIn.SignOutAsync();
        return Redirect("/");
    }
}
