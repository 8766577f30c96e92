using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Web.Team;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Team;

[RequiresPermission(TeamPermissions.MembersManage)]
public sealed class InvitationsModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel, IReloadOnInvalid
{
    [BindProperty]
    public Invite Input { get; set; } = new();

    public IReadOnlyList<Row> Invitations { get; private set; } = [];

    public async Task OnGetAsync() => Invitations = await mediator.Send(new ListQuery());

    public Task ReloadAsync() => OnGetAsync();

    [HtmxFragment("_InviteForm")]
    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await mediator.Send(Input);
        TempData["Flash"] = l["Invitation sent to {0}.", Input.Email].Value;
        return this.RedirectOrHxRedirect(Url.Page("/Team/Invitations")!);
    }

    public async Task<IActionResult> OnPostResendAsync(Guid id)
    {
        await mediator.Send(new Resend(id));
        TempData["Flash"] = l["The invitation has been sent again with a new link."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        await mediator.Send(new Revoke(id));
        TempData["Flash"] = l["The invitation has been revoked; its link no longer works."].Value;
        return RedirectToPage();
    }

    public enum Status
    {
        Pending,
        Expired,
        Accepted,
        Revoked,
    }

    public sealed record Row(Guid Id, string Email, TeamRole Role, DateTime CreatedAt, DateTime? LastSentAt, int SendCount, Status Status);

    [RequiresPermission(TeamPermissions.MembersManage)]
    public sealed record ListQuery : IQuery<IReadOnlyList<Row>>;

    [RequiresPermission(TeamPermissions.MembersManage)]
    public sealed class Invite : IRequest
    {
        [Required(ErrorMessage = "Enter an email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(256, ErrorMessage = "The email address is too long.")]
        public string Email { get; set; } = "";

        public TeamRole Role { get; set; } = TeamRole.TeamMember;
    }

    [RequiresPermission(TeamPermissions.MembersManage)]
    public sealed record Resend(Guid Id) : IRequest;

    [RequiresPermission(TeamPermissions.MembersManage)]
    public sealed record Revoke(Guid Id) : IRequest;

    public sealed class Handlers(AppDbContext db, InvitationMail mail, ICurrentUser current, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IQueryHandler<ListQuery, IReadOnlyList<Row>>, IRequestHandler<Invite>, IRequestHandler<Resend>, IRequestHandler<Revoke>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(ListQuery query, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var since = now.AddDays(-30);
            var rows = await db.Invitations.AsNoTracking()
                .Where(i => (i.AcceptedAt == null && i.RevokedAt == null) || i.CreatedAt >= since)
                .OrderByDescending(i => i.CreatedAt)
                .Take(200)
                .ToListAsync(cancellationToken);
            return rows.Select(i => new Row(i.Id, i.Email, i.Role, i.CreatedAt, i.LastSentAt, i.SendCount,
                    i.AcceptedAt is not null ? Status.Accepted
                    : i.RevokedAt is not null ? Status.Revoked
                    : i.ExpiresAt <= now ? Status.Expired
                    : Status.Pending))
                .ToList();
        }

        public async ValueTask<Unit> Handle(Invite command, CancellationToken cancellationToken)
        {
            var email = command.Email.Trim();
            var normalized = email.ToUpperInvariant();
            var isMember = await db.Memberships.AnyAsync(m => m.User!.NormalizedEmail == normalized, cancellationToken);
            if (isMember)
            {
                throw new ValidationFailedException("Input.Email", l["{0} is already a member of this team.", email]);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var pending = await db.Invitations.AnyAsync(
                i => i.Email.ToUpper() == normalized && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, cancellationToken);
            if (pending)
            {
                throw new ValidationFailedException("Input.Email", l["{0} already has a pending invitation; resend it from the list below.", email]);
            }

            var invitation = new Invitation
            {
                Email = email,
                Role = command.Role,
                TokenHash = "",
                InvitedByUserId = current.RequireUserId(),
                CreatedAt = now,
            };
            mail.Send(invitation);
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(Resend command, CancellationToken cancellationToken)
        {
            var invitation = await FindOpenAsync(command.Id, cancellationToken);
            mail.Send(invitation);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(Revoke command, CancellationToken cancellationToken)
        {
            var invitation = await FindOpenAsync(command.Id, cancellationToken);
            invitation.RevokedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        private async Task<Invitation> FindOpenAsync(Guid id, CancellationToken cancellationToken)
        {
            var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == id, cancellationToken)
                ?? throw new NotFoundException("Invitation");
            if (invitation.AcceptedAt is not null || invitation.RevokedAt is not null)
            {
                throw new ValidationFailedException("", l["This invitation was already accepted or revoked."]);
            }

            return invitation;
        }
    }
}
