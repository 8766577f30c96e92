using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Team;

[RequiresPermission(TeamPermissions.MembersRead)]
public sealed class MembersModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Query Filter { get; set; } = new();

    public Page<Row> Members { get; private set; } = new([], 1, 1, 0);

    [HtmxFragment("_MemberRows")]
    public async Task OnGetAsync() => Members = await mediator.Send(Filter);

    public Task ReloadAsync() => OnGetAsync();

    public async Task<IActionResult> OnPostRoleAsync(Guid membershipId, TeamRole role)
    {
        await mediator.Send(new ChangeRole(membershipId, role));
        TempData["Flash"] = l["The role has been changed."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid membershipId)
    {
        await mediator.Send(new RemoveMember(membershipId));
        TempData["Flash"] = l["The member has been removed from the team."].Value;
        return RedirectToPage();
    }

    public sealed record Row(Guid Id, Guid UserId, string Name, string Email, TeamRole Role, DateTime JoinedAt);

    [RequiresPermission(TeamPermissions.MembersRead)]
    public sealed class Query : IQuery<Page<Row>>
    {
        public string? Search { get; set; }
        public string Sort { get; set; } = "name";
        public bool Desc { get; set; }
        public int PageNumber { get; set; } = 1;
    }

    [RequiresPermission(TeamPermissions.MembersManage)]
    public sealed record ChangeRole(Guid MembershipId, TeamRole Role) : IRequest;

    [RequiresPermission(TeamPermissions.MembersManage)]
    public sealed record RemoveMember(Guid MembershipId) : IRequest;

    public sealed class Handlers(AppDbContext db, IStringLocalizer<SharedResource> l)
        : IQueryHandler<Query, Page<Row>>, IRequestHandler<ChangeRole>, IRequestHandler<RemoveMember>
    {
        public const int PageSize = 25;

        public async ValueTask<Page<Row>> Handle(Query query, CancellationToken cancellationToken)
        {
            var members = db.Memberships.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var term = query.Search.Trim().ToLower();
                members = members.Where(m => m.User!.DisplayName.ToLower().Contains(term) || m.User.Email!.ToLower().Contains(term));
            }

            members = (query.Sort, query.Desc) switch
            {
                ("email", false) => members.OrderBy(m => m.User!.Email),
                ("email", true) => members.OrderByDescending(m => m.User!.Email),
                ("role", false) => members.OrderBy(m => m.Role).ThenBy(m => m.User!.DisplayName),
                ("role", true) => members.OrderByDescending(m => m.Role).ThenBy(m => m.User!.DisplayName),
                ("joined", false) => members.OrderBy(m => m.JoinedAt),
                ("joined", true) => members.OrderByDescending(m => m.JoinedAt),
                (_, true) => members.OrderByDescending(m => m.User!.DisplayName),
                _ => members.OrderBy(m => m.User!.DisplayName),
            };
            var rows = members.Select(m => new Row(m.Id, m.UserId, m.User!.DisplayName, m.User.Email!, m.Role, m.JoinedAt));
            return await rows.ToPageAsync(query.PageNumber, PageSize, cancellationToken);
        }

        public async ValueTask<Unit> Handle(ChangeRole command, CancellationToken cancellationToken)
        {
            var membership = await FindAsync(command.MembershipId, cancellationToken);
            if (membership.Role == command.Role)
            {
                return Unit.Value;
            }

            await EnsureAnotherManagerAsync(membership, cancellationToken);
            membership.Role = command.Role;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(RemoveMember command, CancellationToken cancellationToken)
        {
            var membership = await FindAsync(command.MembershipId, cancellationToken);
            await EnsureAnotherManagerAsync(membership, cancellationToken);
            db.Memberships.Remove(membership);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        private async Task<Membership> FindAsync(Guid id, CancellationToken cancellationToken) =>
            await db.Memberships.SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new NotFoundException("Member");

        /// <summary>A team always keeps at least one Organization Manager.</summary>
        private async Task EnsureAnotherManagerAsync(Membership membership, CancellationToken cancellationToken)
        {
            if (membership.Role != TeamRole.OrganizationManager)
            {
                return;
            }

            var others = await db.Memberships.CountAsync(m => m.Role == TeamRole.OrganizationManager && m.Id != membership.Id, cancellationToken);
            if (others == 0)
            {
                throw new ValidationFailedException("", l["The team needs at least one Organization Manager. Make someone else Organization Manager first."]);
            }
        }
    }
}
