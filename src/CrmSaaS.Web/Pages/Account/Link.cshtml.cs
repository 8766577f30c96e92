using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Web.Hosting;
using CrmSaaS.Web.Identity;
using CrmSaaS.Web.Team;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Account;

/// <summary>
/// Signing in without a password: the member or client contact asks for a link by email (valid 15
/// minutes, once), opens it and confirms with a button. Opening the link signs nobody in, so a mail
/// scanner that follows links does not spend it; the button does, once.
/// </summary>
[AllowAnonymous]
[SignInRateLimited]
public sealed class LinkModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    [BindProperty]
    public Command Input { get; set; } = new();

    /// <summary>The token of an opened link, waiting for the button.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostSendAsync()
    {
        ModelState.Remove(nameof(Token));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(Input);
        Sent = true;
        return Page();
    }

    public async Task<IActionResult> OnPostUseAsync()
    {
        if (string.IsNullOrEmpty(Token) || !await mediator.Send(new TicketModel.Command(Token)))
        {
            TempData["Flash"] = l["That sign-in link has expired or was already used. Please sign in."].Value;
            return Redirect("/account/signin");
        }

        return Redirect("/");
    }

    [PublicMessage]
    public sealed class Command : IRequest
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        public string Email { get; set; } = "";
    }

    /// <summary>Mails a one-time sign-in link to members and client contacts of this team; says the same whether or not the address is known.</summary>
    public sealed class Handler(AppDbContext db, SiteAccess access, UserManager<AppUser> users, TeamProvisioning provisioning, IEmailOutbox outbox, TenantUrls urls,
        ITenantContext tenant, IStringLocalizer<SharedResource> l) : IRequestHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.FindByEmailAsync(command.Email.Trim());
            if (user is null || !await access.MayUseAsync(user.Id, cancellationToken))
            {
                return Unit.Value;
            }

            var token = provisioning.IssueSignInTicket(user.Id, Lifetime);
            var team = tenant.Tenant!;
            using var _ = UiCulture.Use(user.Culture);
            outbox.Enqueue(
                user.Email!,
                l["Your sign-in link for {0}", team.Name],
                $"{l["Open this link within 15 minutes to sign in to {0}. It works once.", team.Name]}\n\n{urls.ForTeam(team.Identifier, "/account/link?token=" + token)}\n\n" +
                l["If you did not ask for it, ignore this email; nobody can sign in with it but you."]);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
