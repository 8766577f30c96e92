using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Web.Identity;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Web.Hosting;
using CrmSaaS.Kernel.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Account;

[AllowAnonymous]
[SignInRateLimited]
public sealed class ForgotModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public Command Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(Input);
        Sent = true;
        return Page();
    }

    [PublicMessage]
    public sealed class Command : IRequest
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        public string Email { get; set; } = "";
    }

    /// <summary>Mails a reset link to members and client contacts of this team; says the same whether or not the address is known.</summary>
    public sealed class Handler(AppDbContext db, SiteAccess access, UserManager<AppUser> users, IEmailOutbox outbox, TenantUrls urls, ITenantContext tenant, IStringLocalizer<SharedResource> l)
        : IRequestHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.FindByEmailAsync(command.Email.Trim());
            if (user is null || !await access.MayUseAsync(user.Id, cancellationToken))
            {
                return Unit.Value;
            }

            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = urls.ForTeam(tenant.Tenant!.Identifier, $"/account/reset?user={user.Id}&token={Uri.EscapeDataString(token)}");
            outbox.Enqueue(
                user.Email!,
                l["Reset your {0} password", tenant.Tenant.Name],
                $"{l["Someone asked to reset your password. If it was you, open this link within two hours:"]}\n\n{link}\n\n{l["If it was not you, ignore this email; your password stays as it is."]}");
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
