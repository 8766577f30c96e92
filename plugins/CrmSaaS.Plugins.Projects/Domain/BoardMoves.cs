using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Projects.Domain;

/// <summary>
/// Every change to the order of cards goes through here. Each change bumps the board's version (a
/// concurrency token), so of two simultaneous changes one saves and the other is re-applied on the
/// fresh order: no move is lost and positions stay 0, 1, 2 … in every column.
/// </summary>
public sealed class BoardMoves(AppDbContext db, ProjectFeed feed, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    private const int Attempts = 8;

    /// <summary>Adds a card at the end of a column.</summary>
    public Task<ProjectTask> AddAsync(Project project, Guid columnId, ProjectTask task, Guid actorId, CancellationToken cancellationToken) =>
        WithBoardAsync(project.Id, async board =>
        {
            var column = Column(board, columnId);
            task.ProjectId = project.Id;
            task.ColumnId = column.Id;
            task.CreatedBy = actorId;
            task.CreatedAt = clock.GetUtcNow().UtcDateTime;
            task.CompletedAt = column.IsDone ? task.CreatedAt : null;
            task.Position = await db.Set<ProjectTask>().CountAsync(t => t.ColumnId == column.Id, cancellationToken);
            db.Add(task);
            await feed.RecordAsync(project, UpdateKind.TaskCreated, actorId, task.Title, visibleToClient: false, task.Id, column.Name, cancellationToken);
            return task;
        }, cancellationToken);

    /// <summary>
    /// Moves a card into a column, right after <paramref name="afterTaskId"/> (null: to the top). When
    /// that card is no longer in the column, <paramref name="index"/> places it instead.
    /// </summary>
    public Task MoveAsync(Project project, Guid taskId, Guid columnId, Guid? afterTaskId, int? index, Guid actorId, CancellationToken cancellationToken) =>
        WithBoardAsync(project.Id, async board =>
        {
            var target = Column(board, columnId);
            var task = await db.Set<ProjectTask>().SingleOrDefaultAsync(t => t.Id == taskId && t.ProjectId == project.Id, cancellationToken)
                ?? throw new NotFoundException("Task");
            var sourceId = task.ColumnId;
            var inTarget = await db.Set<ProjectTask>().Where(t => t.ColumnId == target.Id && t.Id != task.Id)
                .OrderBy(t => t.Position).ThenBy(t => t.CreatedAt).ToListAsync(cancellationToken);
            var at = afterTaskId is null ? 0 : inTarget.FindIndex(t => t.Id == afterTaskId) + 1;
            if (afterTaskId is not null && at == 0)
            {
                at = Math.Clamp(index ?? inTarget.Count, 0, inTarget.Count);
            }

            inTarget.Insert(at, task);
            Renumber(inTarget);
            task.ColumnId = target.Id;
            if (sourceId == target.Id)
            {
                return true;
            }

            Renumber(await db.Set<ProjectTask>().Where(t => t.ColumnId == sourceId && t.Id != task.Id)
                .OrderBy(t => t.Position).ThenBy(t => t.CreatedAt).ToListAsync(cancellationToken));
            var from = board.Columns.Single(c => c.Id == sourceId).Name;
            if (target.IsDone && task.CompletedAt is null)
            {
                task.CompletedAt = clock.GetUtcNow().UtcDateTime;
                await feed.RecordAsync(project, UpdateKind.TaskDone, actorId, task.Title, visibleToClient: false, task.Id, target.Name, cancellationToken);
            }
            else
            {
                task.CompletedAt = target.IsDone ? task.CompletedAt : null;
                await feed.RecordAsync(project, UpdateKind.TaskMoved, actorId, task.Title, visibleToClient: false, task.Id, $"{from} → {target.Name}", cancellationToken);
            }

            return true;
        }, cancellationToken);

    /// <summary>Deletes a card and closes the gap it leaves.</summary>
    public Task DeleteAsync(Project project, Guid taskId, CancellationToken cancellationToken) =>
        WithBoardAsync(project.Id, async board =>
        {
            var task = await db.Set<ProjectTask>().SingleOrDefaultAsync(t => t.Id == taskId && t.ProjectId == project.Id, cancellationToken)
                ?? throw new NotFoundException("Task");
            db.Remove(task);
            Renumber(await db.Set<ProjectTask>().Where(t => t.ColumnId == task.ColumnId && t.Id != task.Id)
                .OrderBy(t => t.Position).ThenBy(t => t.CreatedAt).ToListAsync(cancellationToken));
            return true;
        }, cancellationToken);

    private static void Renumber(List<ProjectTask> tasks)
    {
        for (var i = 0; i < tasks.Count; i++)
        {
            if (tasks[i].Position != i)
            {
                tasks[i].Position = i;
            }
        }
    }

    private BoardColumn Column(Board board, Guid columnId) =>
        board.Columns.SingleOrDefault(c => c.Id == columnId) ?? throw new ValidationFailedException("ColumnId", l["Choose a column of this board."]);

    private async Task<T> WithBoardAsync<T>(Guid projectId, Func<Board, Task<T>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var board = await db.Set<Board>().Include(b => b.Columns).SingleOrDefaultAsync(b => b.ProjectId == projectId, cancellationToken)
                ?? throw new NotFoundException("Board");
            var result = await change(board);
            board.Version++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return result;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken);
            }
        }
    }
}
