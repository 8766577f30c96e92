using CrmSaaS.Kernel.Contracts;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
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

namespace CrmSaaS.Web.Pages.Invitations;

/// <summary>
/// The emailed invitation link. A new person chooses a name and password; someone who already has
/// an account just joins. Either way they end up signed in to the team.
/// </summary>
[AllowAnonymous]
[SignInRateLimited]
public sealed class AcceptModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public Command Input { get; set; } = new();

    public Details? Invitation { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    private async Task LoadAsync() => Invitation = await mediator.Send(new Query(Token ?? ""));

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Token = Token ?? "";
        await LoadAsync();
        if (Invitation is null)
        {
            return Page();
        }

        if (!Invitation.HasAccount && !ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(Input);
        TempData["Flash"] = l["Welcome to {0}!", Invitation.TeamName].Value;
        return Redirect("/");
    }

    public sealed record Details(string Email, string TeamName, string Role, bool HasAccount);

    [PublicMessage]
    public sealed record Query(string Token) : IQuery<Details?>;

    [PublicMessage]
    public sealed class Command : AccountSetupInput, IRequest;

    public sealed class Handlers(AppDbContext db, IUnitOfWork unitOfWork, TeamProvisioning provisioning, SignInManager<AppUser> signIn, ITenantContext tenant,
        IPublisher publisher, IHttpContextAccessor http, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IQueryHandler<Query, Details?>, IRequestHandler<Command>
    {
        public async ValueTask<Details?> Handle(Query query, CancellationToken cancellationToken)
        {
            var invitation = await FindPendingAsync(query.Token, cancellationToken);
            if (invitation is null)
            {
                return null;
            }

            var hasAccount = await signIn.UserManager.FindByEmailAsync(invitation.Email) is not null;
            return new Details(invitation.Email, tenant.Tenant!.Name, Kernel.Security.TeamRoles.DisplayName(invitation.Role), hasAccount);
        }

        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var invitation = await FindPendingAsync(command.Token, cancellationToken)
                ?? throw new ValidationFailedException("", l["This invitation is no longer valid."]);

            var user = await signIn.UserManager.FindByEmailAsync(invitation.Email)
                ?? await provisioning.CreateUserAsync(command.DisplayName.Trim(), invitation.Email, command.Password, CultureCookie.Normalize(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName), "Input.");
            if (!await db.Memberships.AnyAsync(m => m.UserId == user.Id, cancellationToken))
            {
                provisioning.AddMembership(user.Id, invitation.Role);
                await publisher.Publish(new MemberJoined(tenant.Tenant!.Id, user.Id, user.DisplayName, invitation.Role, invitation.InvitedByUserId), cancellationToken);
            }

            invitation.AcceptedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            unitOfWork.AfterCommit(async _ =>
            {
                await signIn.SignInAsync(user, isPersistent: false);
                CultureCookie.Set(http.HttpContext!.Response, user.Culture, clock.GetUtcNow());
            });
            return Unit.Value;
        }

        private async Task<Invitation?> FindPendingAsync(string token, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(token))
            {
                return null;
            }

            var hash = TeamProvisioning.Hash(token);
            var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
            return invitation is not null && invitation.IsPending(clock.GetUtcNow().UtcDateTime) ? invitation : null;
        }
    }
}
