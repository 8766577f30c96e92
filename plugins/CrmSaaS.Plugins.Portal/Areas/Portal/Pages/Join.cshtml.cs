using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Portal.Domain;
using CrmSaaS.Plugins.Projects.Contracts;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Portal.Areas.Portal.Pages;

/// <summary>
/// The link in a portal invitation. Someone new sets a name and password; someone with an account is
/// linked to it. Either way they are signed in, the project roles waiting for them apply, and they
/// land on the portal's overview.
/// </summary>
[AllowAnonymous]
[SignInRateLimited]
public sealed class JoinModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public Command Input { get; set; } = new();

    public Details? Invitation { get; private set; }

    public async Task OnGetAsync()
    {
        Invitation = await mediator.Send(new Query(Token ?? ""));
        Input.DisplayName = Invitation?.ContactName ?? "";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Invitation = await mediator.Send(new Query(Token ?? ""));
        if (Invitation is null)
        {
            return Page();
        }

        if (!Invitation.HasAccount && !ModelState.IsValid)
        {
            return Page();
        }

        Input.Token = Token ?? "";
        await mediator.Send(Input);
        return Redirect("/portal");
    }

    public sealed record Details(string Email, string ContactName, string TeamName, bool HasAccount);

    [PublicMessage]
    public sealed record Query(string Token) : IQuery<Details?>;

    [PublicMessage]
    public sealed class Command : AccountSetupInput, IRequest;

    public sealed class Handlers(AppDbContext db, PortalInvitations invitations, ICrmDirectory crm, IMediator mediator, IUnitOfWork unitOfWork, SignInManager<AppUser> signIn,
        UserAccounts accounts, ITenantContext tenant, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IQueryHandler<Query, Details?>, IRequestHandler<Command>
    {
        public async ValueTask<Details?> Handle(Query query, CancellationToken cancellationToken)
        {
            var access = await invitations.PendingAsync(query.Token, cancellationToken);
            if (access is null)
            {
                return null;
            }

            var contact = await crm.Contacts.Where(c => c.Id == access.ContactId).Select(c => c.FirstName + " " + c.LastName).SingleAsync(cancellationToken);
            var hasAccount = await signIn.UserManager.FindByEmailAsync(access.Email) is not null;
            return new Details(access.Email, contact.Trim(), tenant.Tenant!.Name, hasAccount);
        }

        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var access = await invitations.PendingAsync(command.Token, cancellationToken)
                ?? throw new ValidationFailedException("", l["This invitation is no longer valid."]);

            var user = await accounts.FindOrCreateAsync(access.Email, command);
            access.UserId = user.Id;
            access.AcceptedAt = clock.GetUtcNow().UtcDateTime;
            access.TokenHash = null;
            // The project roles a client admin or the team gave while the invitation was pending apply now.
            using (SystemActor.Begin("portal invitation accepted", [PortalPermissions.Access]))
            {
                await mediator.Send(new ClientContactJoinedCommand(access.ContactId, user.Id), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            unitOfWork.AfterCommit(_ => signIn.SignInAsync(user, isPersistent: false));
            return Unit.Value;
        }
    }
}
