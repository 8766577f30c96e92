using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects.Areas.Projects.Pages.Projects;

/// <summary>A project's people: team members with their project role, and the client's contacts invited to it.</summary>
[RequiresPermission(ProjectsPermissions.Read)]
public sealed class TeamModel(IMediator mediator, ProjectAccess access, AppDbContext db, ICrmDirectory crm, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public ProjectSight Sight { get; private set; } = null!;
    public IReadOnlyList<Person> People { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> OtherMembers { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name, string Email)> InvitableContacts { get; private set; } = [];

    public Task OnGetAsync() => ReloadAsync();

    public Task<IActionResult> OnPostAddMemberAsync(Guid userId, ProjectRole role, CancellationToken cancellationToken) =>
        SendAsync(new AddMember(Id, userId, role), l["Added to the project."], cancellationToken);

    public Task<IActionResult> OnPostInviteAsync(Guid contactId, ProjectRole role, CancellationToken cancellationToken) =>
        SendAsync(new InviteContact(Id, contactId, role), l["Invitation sent."], cancellationToken);

    public Task<IActionResult> OnPostRoleAsync(Guid memberId, ProjectRole role, CancellationToken cancellationToken) =>
        SendAsync(new ChangeRole(Id, memberId, role), l["Role changed."], cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(Guid memberId, CancellationToken cancellationToken) =>
        SendAsync(new Remove(Id, memberId), l["Removed from the project."], cancellationToken);

    public Task<IActionResult> OnPostResendAsync(Guid memberId, CancellationToken cancellationToken) =>
        SendAsync(new Resend(Id, memberId), l["Invitation sent again."], cancellationToken);

    private async Task<IActionResult> SendAsync(IRequest command, string done, CancellationToken cancellationToken)
    {
        await mediator.Send(command, cancellationToken);
        TempData["Flash"] = done;
        return Redirect($"/projects/{Id}/team");
    }

    public async Task ReloadAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        Sight = await access.SightAsync(Id, cancellationToken);
        var rows = await db.Set<ProjectMember>().AsNoTracking().Where(m => m.ProjectId == Id)
            .Select(m => new
            {
                m.Id, m.Role, m.UserId, m.ContactId, m.Email, m.InvitedAt, m.InvitationExpiresAt, m.AcceptedAt, m.RevokedAt,
                User = db.Users.Where(u => u.Id == m.UserId).Select(u => u.DisplayName).FirstOrDefault(),
                Contact = crm.Contacts.Where(c => c.Id == m.ContactId).Select(c => c.FirstName + " " + c.LastName).FirstOrDefault(),
            }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        People = rows.Select(r => new Person(r.Id, r.ContactId is not null, (r.Contact ?? r.User ?? "").Trim(), r.Email, r.Role,
                r.RevokedAt is not null ? "Revoked" : r.ContactId is null ? "Member" : r.AcceptedAt is not null ? "Accepted" : r.InvitationExpiresAt < now ? "Expired" : "Invited"))
            .OrderBy(p => p.IsContact).ThenBy(p => p.Status == "Revoked").ThenBy(p => p.Name).ToList();
        var onProject = rows.Where(r => r.ContactId is null).Select(r => r.UserId).ToHashSet();
        OtherMembers = (await access.TeamMembersAsync(cancellationToken)).Where(m => !onProject.Contains(m.Id)).ToList();
        var invited = rows.Where(r => r.ContactId is not null && r.RevokedAt is null).Select(r => r.ContactId).ToHashSet();
        InvitableContacts = (await crm.Contacts.Where(c => c.ClientId == Sight.Project.ClientId && c.Email != null)
                .OrderBy(c => c.LastName).ThenBy(c => c.FirstName).Select(c => new { c.Id, c.FirstName, c.LastName, c.Email }).ToListAsync(cancellationToken))
            .Where(c => !invited.Contains(c.Id)).Select(c => (c.Id, $"{c.FirstName} {c.LastName}".Trim(), c.Email!)).ToList();
    }

    /// <param name="Status">"Member", "Invited", "Accepted", "Expired" or "Revoked" (English; the view localizes it).</param>
    public sealed record Person(Guid Id, bool IsContact, string Name, string? Email, ProjectRole Role, string Status);

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record AddMember(Guid ProjectId, Guid UserId, ProjectRole Role) : IRequest;

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record InviteContact(Guid ProjectId, Guid ContactId, ProjectRole Role) : IRequest;

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record ChangeRole(Guid ProjectId, Guid MemberId, ProjectRole Role) : IRequest;

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record Remove(Guid ProjectId, Guid MemberId) : IRequest;

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed record Resend(Guid ProjectId, Guid MemberId) : IRequest;

    public sealed class Handlers(AppDbContext db, ICrmDirectory crm, ProjectAccess access, ContactInvitations invitations, ProjectFeed feed, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IRequestHandler<AddMember>, IRequestHandler<InviteContact>, IRequestHandler<ChangeRole>, IRequestHandler<Remove>, IRequestHandler<Resend>
    {
        public async ValueTask<Unit> Handle(AddMember command, CancellationToken cancellationToken)
        {
            var sight = await access.ManageAsync(command.ProjectId, cancellationToken);
            CheckTeamRole(command.Role);
            var name = await db.Memberships.Where(m => m.UserId == command.UserId).Select(m => m.User!.DisplayName).SingleOrDefaultAsync(cancellationToken)
                ?? throw new ValidationFailedException("userId", l["Choose a member of the team."]);
            if (await db.Set<ProjectMember>().AnyAsync(m => m.ProjectId == command.ProjectId && m.UserId == command.UserId, cancellationToken))
            {
                throw new ValidationFailedException("userId", l["{0} is already on the project.", name]);
            }

            db.Add(new ProjectMember { ProjectId = command.ProjectId, UserId = command.UserId, Role = command.Role, AddedAt = clock.GetUtcNow().UtcDateTime, AddedBy = access.Me });
            await feed.RecordAsync(sight.Project, UpdateKind.MemberAdded, access.Me, name, visibleToClient: false, detail: l[ContactInvitations.RoleLabel(command.Role)], cancellationToken: cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(InviteContact command, CancellationToken cancellationToken)
        {
            var sight = await access.ManageAsync(command.ProjectId, cancellationToken);
            await invitations.InviteAsync(sight.Project, command.ContactId, command.Role, access.Me, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(ChangeRole command, CancellationToken cancellationToken)
        {
            await access.ManageAsync(command.ProjectId, cancellationToken);
            var member = await MemberAsync(command.ProjectId, command.MemberId, cancellationToken);
            if (member.IsContact)
            {
                if (command.Role is not (ProjectRole.Viewer or ProjectRole.Collaborator))
                {
                    throw new ValidationFailedException("role", l["Client contacts take part as Project Viewer or Collaborator."]);
                }
            }
            else
            {
                CheckTeamRole(command.Role);
                await KeepAProjectManagerAsync(member, command.Role, cancellationToken);
            }

            member.Role = command.Role;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(Remove command, CancellationToken cancellationToken)
        {
            await access.ManageAsync(command.ProjectId, cancellationToken);
            var member = await MemberAsync(command.ProjectId, command.MemberId, cancellationToken);
            if (member.IsContact)
            {
                invitations.Revoke(member);
                if (member.UserId is { } contactUser)
                {
                    await db.Set<TaskAssignee>().Where(a => a.UserId == contactUser && db.Set<ProjectTask>().Any(t => t.Id == a.TaskId && t.ProjectId == command.ProjectId))
                        .ExecuteDeleteAsync(cancellationToken);
                }
            }
            else
            {
                await KeepAProjectManagerAsync(member, null, cancellationToken);
                db.Remove(member);
            }

            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(Resend command, CancellationToken cancellationToken)
        {
            var sight = await access.ManageAsync(command.ProjectId, cancellationToken);
            var member = await MemberAsync(command.ProjectId, command.MemberId, cancellationToken);
            var name = await crm.Contacts.Where(c => c.Id == member.ContactId).Select(c => c.FirstName + " " + c.LastName).SingleOrDefaultAsync(cancellationToken) ?? "";
            invitations.Resend(sight.Project, member, name.Trim());
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        private async Task<ProjectMember> MemberAsync(Guid projectId, Guid memberId, CancellationToken cancellationToken) =>
            await db.Set<ProjectMember>().SingleOrDefaultAsync(m => m.Id == memberId && m.ProjectId == projectId, cancellationToken)
            ?? throw new NotFoundException("Project member");

        private void CheckTeamRole(ProjectRole role)
        {
            if (role is not (ProjectRole.ProjectManager or ProjectRole.Member))
            {
                throw new ValidationFailedException("role", l["Team members take part as Project Manager or Member."]);
            }
        }

        private async Task KeepAProjectManagerAsync(ProjectMember member, ProjectRole? newRole, CancellationToken cancellationToken)
        {
            if (member.Role == ProjectRole.ProjectManager && newRole != ProjectRole.ProjectManager
                && !await db.Set<ProjectMember>().AnyAsync(m => m.ProjectId == member.ProjectId && m.Id != member.Id && m.Role == ProjectRole.ProjectManager, cancellationToken))
            {
                throw new ValidationFailedException("", l["A project keeps at least one Project Manager."]);
            }
        }
    }
}
