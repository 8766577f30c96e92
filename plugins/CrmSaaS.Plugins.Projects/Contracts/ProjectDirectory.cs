using System.Linq.Expressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Projects.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmSaaS.Plugins.Projects.Contracts;

public enum ProjectStatus
{
    Planned = 0,
    Active = 1,
    OnHold = 2,
    Completed = 3,
    Archived = 4,
}

public enum ProjectRole
{
    ProjectManager = 0,
    Member = 1,
    /// <summary>A client contact who sees the project.</summary>
    Viewer = 2,
    /// <summary>A client contact who can also comment and be assigned tasks.</summary>
    Collaborator = 3,
}

/// <summary>A project as other plugins see it: read-only, the current team's only.</summary>
public sealed class ProjectView
{
    public Guid Id { get; init; }
    public Guid ClientId { get; init; }
    public string Name { get; init; } = "";
    public string Code { get; init; } = "";
    public ProjectStatus Status { get; init; }
    /// <summary>The client's currency when the project was created; its rates and budget are in it.</summary>
    public string Currency { get; init; } = "";
    public bool Billable { get; init; }
    /// <summary>The project's default hourly rate, if it has one.</summary>
    public decimal? HourlyRate { get; init; }
    public decimal? BudgetHours { get; init; }
    /// <summary>Minor units of <see cref="Currency"/>.</summary>
    public long? BudgetAmountMinor { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? DueDate { get; init; }

    /// <summary>Archived and completed projects take no more time.</summary>
    public bool IsClosed => Status is ProjectStatus.Archived or ProjectStatus.Completed;
}

/// <summary>Someone on a project: a member of the team or a client contact (then <see cref="UserId"/> is set once they accepted).</summary>
public sealed class ProjectMemberView
{
    public Guid ProjectId { get; init; }
    public Guid? UserId { get; init; }
    public Guid? ContactId { get; init; }
    public ProjectRole Role { get; init; }
    /// <summary>Not revoked (and, for a contact, accepted).</summary>
    public bool Active { get; init; }
}

/// <summary>A task of a project's board.</summary>
public sealed class TaskView
{
    public Guid Id { get; init; }
    public Guid ProjectId { get; init; }
    public string Title { get; init; } = "";
    /// <summary>Its place in its column, top first.</summary>
    public int Position { get; init; }
    /// <summary>In the board's last (done) column.</summary>
    public bool Done { get; init; }
}

/// <summary>What the current user may do on one project.</summary>
/// <param name="CanWork">Book time, add and move tasks, comment.</param>
/// <param name="CanManage">Edit the project, its members and invitations.</param>
public sealed record ProjectSightView(ProjectView Project, string ClientName, ProjectRole? Role, bool IsContact, bool CanWork, bool CanManage);

/// <summary>Projects for other plugins, as queryables that compose into their own queries and are never tracked.</summary>
public interface IProjectDirectory
{
    IQueryable<ProjectView> Projects { get; }
    IQueryable<ProjectMemberView> Members { get; }
    IQueryable<TaskView> Tasks { get; }

    /// <summary>Updates the team marked visible to the client (posts, comments, status), for the client's portal.</summary>
    IQueryable<ClientUpdateView> ClientUpdates { get; }
}

/// <summary>A project update the client may read; <see cref="Kind"/> is its English label (views localize it).</summary>
public sealed class ClientUpdateView
{
    public Guid Id { get; init; }
    public Guid ProjectId { get; init; }
    public Guid ActorId { get; init; }
    public string Kind { get; init; } = "";
    public string Text { get; init; } = "";
    public DateTime CreatedAt { get; init; }
}

/// <summary>Which projects the current user sees, and what they may do on one; anything else is "not found".</summary>
public interface IProjectAccess
{
    /// <summary>The projects the current user may see, team member or client contact.</summary>
    IQueryable<ProjectView> VisibleProjects();

    /// <summary>The project with the current user's rights on it; throws NotFoundException when they may not see it.</summary>
    Task<ProjectSightView> SightOfAsync(Guid projectId, CancellationToken cancellationToken);
}

/// <summary>
/// Another plugin's records that belong to a project (time entries, invoices). A project that still
/// has any is not deleted; the user is told what keeps it.
/// </summary>
public interface IProjectDependents
{
    /// <summary>What of the project's this plugin keeps, in words ("3 time entries"), or null when nothing.</summary>
    Task<string?> DescribeAsync(Guid projectId, CancellationToken cancellationToken);
}

internal static class ProjectViews
{
    public static readonly Expression<Func<Project, ProjectView>> Of = p => new ProjectView
    {
        Id = p.Id, ClientId = p.ClientId, Name = p.Name, Code = p.Code, Status = p.Status, Currency = p.Currency, Billable = p.Billable,
        HourlyRate = p.HourlyRate, BudgetHours = p.BudgetHours, BudgetAmountMinor = p.BudgetAmountMinor, StartDate = p.StartDate, DueDate = p.DueDate,
    };

    private static readonly Func<Project, ProjectView> Compiled = Of.Compile();

    public static ProjectView From(Project p) => Compiled(p);
}

internal sealed class ProjectDirectory(AppDbContext db) : IProjectDirectory
{
    public IQueryable<ProjectView> Projects => db.Set<Project>().AsNoTracking().Select(ProjectViews.Of);

    public IQueryable<ProjectMemberView> Members => db.Set<ProjectMember>().AsNoTracking().Select(m => new ProjectMemberView
    {
        ProjectId = m.ProjectId, UserId = m.UserId, ContactId = m.ContactId, Role = m.Role,
        Active = m.RevokedAt == null && (m.ContactId == null || m.AcceptedAt != null),
    });

    public IQueryable<TaskView> Tasks => db.Set<ProjectTask>().AsNoTracking().Select(t => new TaskView
    {
        Id = t.Id, ProjectId = t.ProjectId, Title = t.Title, Position = t.Position, Done = db.Set<BoardColumn>().Any(c => c.Id == t.ColumnId && c.IsDone),
    });

    public IQueryable<ClientUpdateView> ClientUpdates => db.Set<ProjectUpdate>().AsNoTracking().Where(u => u.VisibleToClient).Select(u => new ClientUpdateView
    {
        Id = u.Id, ProjectId = u.ProjectId, ActorId = u.ActorId, Kind = u.Kind == UpdateKind.Post ? "Update" : u.Kind == UpdateKind.Message ? "Message from the client" : u.Kind == UpdateKind.Comment ? "Comment" : u.Kind == UpdateKind.StatusChanged ? "Status changed"
            : u.Kind == UpdateKind.TaskDone ? "Task done" : u.Kind == UpdateKind.TaskMoved ? "Task moved" : u.Kind == UpdateKind.TaskCreated ? "Task created" : "Member added",
        Text = u.Text, CreatedAt = u.CreatedAt,
    });
}

/// <summary>Foreign keys from other plugins' entities to projects and tasks.</summary>
public static class ProjectReferences
{
    public static ReferenceCollectionBuilder ReferencesProject<T>(this EntityTypeBuilder<T> entity, Expression<Func<T, object?>> foreignKey, DeleteBehavior onDelete)
        where T : class => entity.References(typeof(Project), foreignKey, onDelete);

    public static ReferenceCollectionBuilder ReferencesTask<T>(this EntityTypeBuilder<T> entity, Expression<Func<T, object?>> foreignKey, DeleteBehavior onDelete)
        where T : class => entity.References(typeof(ProjectTask), foreignKey, onDelete);
}

/// <summary>
/// Names of Projects' live events: "project" when something on a project changed (its board, its
/// updates, its people); its subject is the project.
/// </summary>
public static class ProjectsLive
{
    public const string Project = "project";
}
