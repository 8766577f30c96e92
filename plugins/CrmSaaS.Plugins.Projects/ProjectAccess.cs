using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects;

/// <summary>What the current user may do on one project.</summary>
/// <param name="Role">Their project role; null for a manager who sees every project without being on it.</param>
/// <param name="CanWork">Add, edit and move tasks, comment.</param>
/// <param name="CanManage">Edit the project, its members and invitations.</param>
public sealed record ProjectSight(Project Project, string ClientName, ProjectRole? Role, bool IsContact, bool CanWork, bool CanManage)
{
    /// <summary>Client contacts comment only as Collaborators; team members whenever they can work.</summary>
    public bool CanComment => IsContact ? Role == ProjectRole.Collaborator : CanWork;
}

/// <summary>
/// Who sees which project. Organization and Sales Managers see all; other members the projects they
/// are on (unless granted <see cref="ProjectsPermissions.ReadAll"/>); client contacts only the
/// projects they accepted an invitation to, of their own client. Anything else is "not found".
/// </summary>
public sealed class ProjectAccess(AppDbContext db, ICurrentUser user, ICrmDirectory crm, TeamMembers members) : IProjectAccess
{
    public Guid Me => user.RequireUserId();

    public bool IsContact => user.IsClientContact;

    /// <summary>The projects the current user may see, team member or client contact.</summary>
    public IQueryable<Project> Visible()
    {
        var projects = db.Set<Project>().AsNoTracking();
        if (user.Has(ProjectsPermissions.ReadAll))
        {
            return projects;
        }

        var members = db.Set<ProjectMember>();
        if (user.IsClientContact)
        {
            var me = Me;
            var contacts = crm.Contacts;
            return projects.Where(p => members.Any(m => m.ProjectId == p.Id && m.UserId == me && m.ContactId != null && m.AcceptedAt != null && m.RevokedAt == null
                && contacts.Any(c => c.Id == m.ContactId && c.ClientId == p.ClientId)));
        }

        if (!user.Has(ProjectsPermissions.Read))
        {
            return projects.Where(p => false);
        }

        var member = Me;
        return projects.Where(p => members.Any(m => m.ProjectId == p.Id && m.UserId == member && m.ContactId == null && m.RevokedAt == null));
    }

    /// <summary>The project with the current user's rights on it; "not found" when they may not see it.</summary>
    public async Task<ProjectSight> SightAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var found = await Visible().Where(p => p.Id == projectId)
            .Select(p => new { Project = p, Client = crm.Clients.Where(c => c.Id == p.ClientId).Select(c => c.Name).FirstOrDefault() })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Project");
        var me = Me;
        var role = await db.Set<ProjectMember>().Where(m => m.ProjectId == projectId && m.UserId == me && m.RevokedAt == null)
            .Select(m => (ProjectRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        if (user.IsClientContact)
        {
            return new ProjectSight(found.Project, found.Client ?? "", role, IsContact: true, CanWork: false, CanManage: false);
        }

        var manageAll = user.Has(ProjectsPermissions.ManageAll);
        var onProject = role is ProjectRole.ProjectManager or ProjectRole.Member;
        return new ProjectSight(found.Project, found.Client ?? "", role, IsContact: false,
            CanWork: manageAll || (onProject && user.Has(ProjectsPermissions.Read)),
            CanManage: manageAll || (role == ProjectRole.ProjectManager && user.Has(ProjectsPermissions.Read)));
    }

    public async Task<ProjectSight> WorkAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var sight = await SightAsync(projectId, cancellationToken);
        return sight.CanWork ? sight : throw new ForbiddenException(ProjectsPermissions.ManageAll);
    }

    public async Task<ProjectSight> ManageAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var sight = await SightAsync(projectId, cancellationToken);
        return sight.CanManage ? sight : throw new ForbiddenException(ProjectsPermissions.ManageAll);
    }

    public async Task<ProjectSight> CommentAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var sight = await SightAsync(projectId, cancellationToken);
        return sight.CanComment ? sight : throw new ForbiddenException(ProjectsPermissions.Read);
    }

    /// <summary>A task of a project the user can see; "not found" for tasks of any other project.</summary>
    public async Task<(ProjectSight Sight, ProjectTask Task)> TaskAsync(Guid projectId, Guid taskId, CancellationToken cancellationToken)
    {
        var sight = await SightAsync(projectId, cancellationToken);
        var task = await db.Set<ProjectTask>().Include(t => t.Assignees).SingleOrDefaultAsync(t => t.Id == taskId && t.ProjectId == projectId, cancellationToken)
            ?? throw new NotFoundException("Task");
        return (sight, task);
    }

    /// <summary>The team's members by name, for pickers.</summary>
    public Task<List<(Guid Id, string Name)>> TeamMembersAsync(CancellationToken cancellationToken) => members.ListAsync(cancellationToken);

    IQueryable<ProjectView> IProjectAccess.VisibleProjects() => Visible().Select(ProjectViews.Of);

    async Task<ProjectSightView> IProjectAccess.SightOfAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var sight = await SightAsync(projectId, cancellationToken);
        return new ProjectSightView(ProjectViews.From(sight.Project), sight.ClientName, sight.Role, sight.IsContact, sight.CanWork, sight.CanManage);
    }
}

/// <summary>Client contacts with an accepted, unrevoked project invitation may use the team's portal.</summary>
public sealed class ProjectGuestAccess(AppDbContext db) : IGuestAccess
{
    public async Task<IReadOnlyList<Guid>> ContactsAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<ProjectMember>().Where(m => m.UserId == userId && m.ContactId != null && m.AcceptedAt != null && m.RevokedAt == null)
            .Select(m => m.ContactId!.Value).Distinct().ToListAsync(cancellationToken);
}

/// <summary>A client with projects is not deleted; its projects are archived or deleted first.</summary>
public sealed class ClientProjects(AppDbContext db, Microsoft.Extensions.Localization.IStringLocalizer<Kernel.Localization.SharedResource> l) : Crm.Contracts.IClientDependents
{
    public async Task<string?> DescribeAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var count = await db.Set<Project>().CountAsync(p => p.ClientId == clientId, cancellationToken);
        return count == 0 ? null : count == 1 ? l["1 project"].Value : l["{0} projects", count].Value;
    }
}
