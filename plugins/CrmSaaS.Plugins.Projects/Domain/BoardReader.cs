using CrmSaaS.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Projects.Domain;

public sealed record CardView(Guid Id, string Title, string Labels, DateOnly? DueDate, decimal? EstimateHours, IReadOnlyList<string> Assignees, int Comments, bool Overdue);

public sealed record ColumnView(Guid Id, string Name, bool IsDone, IReadOnlyList<CardView> Cards);

/// <param name="ReadOnly">Cards cannot be added or moved (client contacts, or members who may only look).</param>
/// <param name="ForClient">Links lead to the portal and comment counts include only client-visible ones.</param>
public sealed record BoardView(Guid ProjectId, IReadOnlyList<ColumnView> Columns, bool ReadOnly, bool ForClient)
{
    public int Total => Columns.Sum(c => c.Cards.Count);
    public int Done => Columns.Where(c => c.IsDone).Sum(c => c.Cards.Count);
    public int Overdue => Columns.Sum(c => c.Cards.Count(t => t.Overdue));
}

public sealed record UpdateView(UpdateKind Kind, string Actor, string Text, string? Detail, bool VisibleToClient, DateTime CreatedAt, Guid? TaskId);

/// <summary>Reads a board and a feed for display; the caller has already checked that the user may see the project.</summary>
public sealed class BoardReader(AppDbContext db, TimeProvider clock)
{
    public async Task<BoardView> BoardAsync(Guid projectId, bool readOnly, bool forClient, CancellationToken cancellationToken)
    {
        var columns = await db.Set<Board>().AsNoTracking().Where(b => b.ProjectId == projectId).SelectMany(b => b.Columns)
            .OrderBy(c => c.Position).ToListAsync(cancellationToken);
        // Three flat reads (cards, their assignees, their comment counts) instead of one with a nested
        // collection per card: a board of hundreds of cards is drawn on every visit.
        var tasks = await db.Set<ProjectTask>().AsNoTracking().Where(t => t.ProjectId == projectId).OrderBy(t => t.Position)
            .Select(t => new { t.Id, t.ColumnId, t.Title, t.Labels, t.DueDate, t.EstimateHours })
            .ToListAsync(cancellationToken);
        var projectTasks = db.Set<ProjectTask>().Where(t => t.ProjectId == projectId).Select(t => t.Id);
        var assignees = (await db.Set<TaskAssignee>().AsNoTracking().Where(a => projectTasks.Contains(a.TaskId))
                .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a.TaskId, u.DisplayName })
                .ToListAsync(cancellationToken))
            .ToLookup(a => a.TaskId, a => a.DisplayName);
        var comments = await db.Set<TaskComment>().Where(c => projectTasks.Contains(c.TaskId) && (!forClient || c.VisibleToClient))
            .GroupBy(c => c.TaskId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(c => c.Key, c => c.Count, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new BoardView(projectId, columns.Select(c => new ColumnView(c.Id, c.Name, c.IsDone,
            tasks.Where(t => t.ColumnId == c.Id)
                .Select(t => new CardView(t.Id, t.Title, t.Labels, t.DueDate, t.EstimateHours, assignees[t.Id].ToList(), comments.GetValueOrDefault(t.Id), !c.IsDone && t.DueDate < today))
                .ToList())).ToList(), readOnly, forClient);
    }

    public async Task<IReadOnlyList<UpdateView>> FeedAsync(Guid projectId, bool forClient, int take, CancellationToken cancellationToken) =>
        await db.Set<ProjectUpdate>().AsNoTracking()
            .Where(u => u.ProjectId == projectId && (!forClient || u.VisibleToClient))
            .OrderByDescending(u => u.CreatedAt).Take(take)
            .Select(u => new UpdateView(u.Kind, db.Users.Where(x => x.Id == u.ActorId).Select(x => x.DisplayName).FirstOrDefault() ?? "", u.Text, u.Detail,
                u.VisibleToClient, u.CreatedAt, u.TaskId))
            .ToListAsync(cancellationToken);
}
