using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects.Areas.Projects.Pages.Invitations;

/// <summary>
/// The link in a client contact's project invitation. Someone new sets a name and password; someone
/// with an account is linked. Either way they are signed in and see the project.
/// </summary>
[AllowAnonymous]
[SignInRateLimited]
public sealed class AcceptModel(IMediator mediator) : PageModel
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
        var projectId = await mediator.Send(Input);
        return Redirect($"/portal/projects/{projectId}");
    }

    public sealed record Details(string Email, string ContactName, string ProjectName, string TeamName, ProjectRole Role, bool HasAccount);

    [PublicMessage]
    public sealed record Query(string Token) : IQuery<Details?>;

    [PublicMessage]
    public sealed class Command : AccountSetupInput, IRequest<Guid>;

    public sealed class Handlers(AppDbContext db, ICrmDirectory crm, IUnitOfWork unitOfWork, SignInManager<AppUser> signIn, UserAccounts accounts, ITenantContext tenant, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IQueryHandler<Query, Details?>, IRequestHandler<Command, Guid>
    {
        public async ValueTask<Details?> Handle(Query query, CancellationToken cancellationToken)
        {
            var member = await FindPendingAsync(query.Token, cancellationToken);
            if (member is null)
            {
                return null;
            }

            var project = await db.Set<Project>().Where(p => p.Id == member.ProjectId).Select(p => p.Name).SingleAsync(cancellationToken);
            var contact = await crm.Contacts.Where(c => c.Id == member.ContactId).Select(c => c.FirstName + " " + c.LastName).SingleAsync(cancellationToken);
            var hasAccount = await signIn.UserManager.FindByEmailAsync(member.Email!) is not null;
            return new Details(member.Email!, contact.Trim(), project, tenant.Tenant!.Name, member.Role, hasAccount);
        }

        public async ValueTask<Guid> Handle(Command command, CancellationToken cancellationToken)
        {
            var member = await FindPendingAsync(command.Token, cancellationToken)
                ?? throw new ValidationFailedException("", l["This invitation is no longer valid."]);

            var user = await accounts.FindOrCreateAsync(member.Email!, command);
            member.UserId = user.Id;
            member.AcceptedAt = clock.GetUtcNow().UtcDateTime;
            member.TokenHash = null;
            await db.SaveChangesAsync(cancellationToken);
            unitOfWork.AfterCommit(_ => signIn.SignInAsync(user, isPersistent: false));
            return member.ProjectId;
        }

        private async Task<ProjectMember?> FindPendingAsync(string token, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(token))
            {
                return null;
            }

            var hash = Tokens.Hash(token);
            var now = clock.GetUtcNow().UtcDateTime;
            return await db.Set<ProjectMember>().SingleOrDefaultAsync(m => m.TokenHash == hash && m.ContactId != null && m.RevokedAt == null
                && m.AcceptedAt == null && m.InvitationExpiresAt > now, cancellationToken);
        }
    }
}
