using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects.Domain;

public sealed record CommentView(string Author, string Text, bool VisibleToClient, DateTime CreatedAt);

/// <param name="Columns">The board's columns (id, name, cards in it) for the move form.</param>
/// <param name="Assignable">Members and Collaborators the task can be assigned to.</param>
public sealed record TaskPage(ProjectSight Sight, ProjectTask Task, string Column, IReadOnlyList<string> Assignees, IReadOnlyList<CommentView> Comments,
    IReadOnlyList<(Guid Id, string Name, int Cards)> Columns, IReadOnlyList<(Guid Id, string Name)> Assignable);

/// <summary>Reads one task for its page; client contacts get only what is visible to the client.</summary>
public sealed class TaskReader(AppDbContext db, ProjectAccess access)
{
    public async Task<TaskPage> ReadAsync(Guid projectId, Guid taskId, bool forClient, CancellationToken cancellationToken)
    {
        var (sight, task) = await access.TaskAsync(projectId, taskId, cancellationToken);
        var columns = await db.Set<Board>().Where(b => b.ProjectId == projectId).SelectMany(b => b.Columns).OrderBy(c => c.Position)
            .Select(c => new { c.Id, c.Name, Cards = db.Set<ProjectTask>().Count(t => t.ColumnId == c.Id) }).ToListAsync(cancellationToken);
        var assigneeIds = task.Assignees.Select(a => a.UserId).ToList();
        var assignees = await db.Users.Where(u => assigneeIds.Contains(u.Id)).OrderBy(u => u.DisplayName).Select(u => u.DisplayName).ToListAsync(cancellationToken);
        var comments = await db.Set<TaskComment>().AsNoTracking().Where(c => c.TaskId == taskId && (!forClient || c.VisibleToClient)).OrderBy(c => c.CreatedAt)
            .Select(c => new CommentView(db.Users.Where(u => u.Id == c.AuthorId).Select(u => u.DisplayName).FirstOrDefault() ?? "", c.Text, c.VisibleToClient, c.CreatedAt))
            .ToListAsync(cancellationToken);
        var assignable = forClient ? [] : await Assignable(db, projectId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName }).OrderBy(u => u.DisplayName).ToListAsync(cancellationToken);
        return new TaskPage(sight, task, columns.FirstOrDefault(c => c.Id == task.ColumnId)?.Name ?? "", assignees, comments,
            columns.Select(c => (c.Id, c.Name, c.Cards)).ToList(), assignable.Select(a => (a.Id, a.DisplayName)).ToList());
    }

    /// <summary>Team members on the project and accepted Collaborators can be assigned tasks.</summary>
    public static IQueryable<ProjectMember> Assignable(AppDbContext db, Guid projectId) =>
        db.Set<ProjectMember>().Where(m => m.ProjectId == projectId && m.RevokedAt == null && m.UserId != null
            && (m.Role == ProjectRole.ProjectManager || m.Role == ProjectRole.Member || (m.Role == ProjectRole.Collaborator && m.AcceptedAt != null)));
}

/// <summary>Comments on tasks. Client contacts' comments are always visible to the client; team members choose.</summary>
public sealed class TaskComments(AppDbContext db, ProjectAccess access, ProjectFeed feed, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task AddAsync(ProjectSight sight, ProjectTask task, string text, bool visibleToClient, CancellationToken cancellationToken)
    {
        text = text.Trim();
        if (text.Length is 0 or > ProjectLimits.Text)
        {
            throw new ValidationFailedException("Comment.Text", text.Length == 0 ? l["Write the comment."] : l["Use at most {0} characters.", ProjectLimits.Text]);
        }

        if (!sight.CanComment)
        {
            throw new ForbiddenException(ProjectsPermissions.Read);
        }

        var visible = sight.IsContact || visibleToClient;
        db.Add(new TaskComment { ProjectId = sight.Project.Id, TaskId = task.Id, AuthorId = access.Me, Text = text, VisibleToClient = visible, CreatedAt = clock.GetUtcNow().UtcDateTime });
        await feed.RecordAsync(sight.Project, UpdateKind.Comment, access.Me, text, visible, task.Id, task.Title, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
