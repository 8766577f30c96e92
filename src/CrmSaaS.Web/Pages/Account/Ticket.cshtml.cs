using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Web.Hosting;
using CrmSaaS.Web.Team;
using CrmSaaS.Kernel.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Account;

/// <summary>Where the root site's sign-up sends the new owner: a one-time link that signs them in here.</summary>
[AllowAnonymous]
public sealed class TicketModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? token, string? unlock)
    {
        if (!await mediator.Send(new Command(token ?? "")))
        {
            TempData["Flash"] = l["That sign-in link has expired or was already used. Please sign in."].Value;
            return Redirect("/account/signin");
        }

        TempData["Flash"] = unlock is null
            ? l["Welcome to your team. Invite your colleagues to get started."].Value
            : l["You are signed in and your account is unlocked. If the failed sign-ins were not yours, change your password."].Value;
        return Redirect("/");
    }

    [PublicMessage]
    public sealed record Command(string Token) : IRequest<bool>;

    public sealed class Handler(AppDbContext db, SignInManager<AppUser> signIn, IHttpContextAccessor http, TimeProvider clock) : IRequestHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var hash = TeamProvisioning.Hash(command.Token);
            var ticket = await db.SignInTickets.SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
            if (ticket is null || ticket.UsedAt is not null || ticket.ExpiresAt <= now)
            {
                return false;
            }

            // Spent by a conditional update: of two requests racing with one ticket, only one signs in.
            if (await db.SignInTickets.Where(t => t.Id == ticket.Id && t.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken) != 1)
            {
                return false;
            }

            var user = await db.Users.SingleAsync(u => u.Id == ticket.UserId, cancellationToken);
            // The link proves the mailbox: a lockout (from anyone's wrong guesses) no longer keeps the owner out.
            await signIn.UserManager.SetLockoutEndDateAsync(user, null);
            await signIn.UserManager.ResetAccessFailedCountAsync(user);
            await signIn.SignInAsync(user, isPersistent: false);
            CultureCookie.Set(http.HttpContext!.Response, user.Culture, clock.GetUtcNow());
            return true;
        }
    }
}
