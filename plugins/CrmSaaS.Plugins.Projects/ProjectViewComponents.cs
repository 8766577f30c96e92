using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects;

/// <summary>Progress of the projects on a client's page: tasks by column, overdue tasks, done of all.</summary>
public sealed class ClientProjectsSectionViewComponent(AppDbContext db, ProjectAccess access, ICurrentUser user, TimeProvider clock) : ViewComponent
{
    public sealed record Item(Guid Id, string Name, string Code, ProjectStatus Status, DateOnly? DueDate, int Done, int Total, int Overdue, IReadOnlyList<(string Column, int Tasks)> ByColumn);

    public sealed record Model(Guid ClientId, IReadOnlyList<Item> Projects, bool CanCreate);

    public async Task<IViewComponentResult> InvokeAsync(Guid entityId)
    {
        var projects = await access.Visible().Where(p => p.ClientId == entityId).OrderBy(p => p.Status == ProjectStatus.Archived).ThenBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, p.Code, p.Status, p.DueDate }).ToListAsync();
        var ids = projects.Select(p => p.Id).ToList();
        var columns = await db.Set<Board>().Where(b => ids.Contains(b.ProjectId)).SelectMany(b => b.Columns, (b, c) => new { b.ProjectId, c.Id, c.Name, c.Position, c.IsDone })
            .ToListAsync();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var counts = await db.Set<ProjectTask>().Where(t => ids.Contains(t.ProjectId))
            .GroupBy(t => t.ColumnId).Select(g => new { ColumnId = g.Key, Tasks = g.Count(), Late = g.Count(t => t.DueDate < today) }).ToListAsync();
        var items = projects.Select(p =>
        {
            var own = columns.Where(c => c.ProjectId == p.Id).OrderBy(c => c.Position)
                .Select(c => new { c.Name, c.IsDone, Count = counts.FirstOrDefault(x => x.ColumnId == c.Id) }).ToList();
            return new Item(p.Id, p.Name, p.Code, p.Status, p.DueDate,
                own.Where(c => c.IsDone).Sum(c => c.Count?.Tasks ?? 0), own.Sum(c => c.Count?.Tasks ?? 0),
                own.Where(c => !c.IsDone).Sum(c => c.Count?.Late ?? 0), own.Select(c => (c.Name, c.Count?.Tasks ?? 0)).ToList());
        }).ToList();
        return View("~/Areas/Projects/Pages/Shared/Components/ClientProjectsSection.cshtml", new Model(entityId, items, user.Has(ProjectsPermissions.Create)));
    }
}

/// <summary>On a contact's page: the projects the contact follows and the comments they wrote.</summary>
public sealed class ContactProjectsSectionViewComponent(AppDbContext db, ProjectAccess access) : ViewComponent
{
    public sealed record Item(Guid Id, string Name, ProjectRole Role, string Status, int Comments);

    public sealed record CommentItem(Guid ProjectId, Guid TaskId, string Task, string Text, DateTime CreatedAt);

    public sealed record Model(IReadOnlyList<Item> Projects, IReadOnlyList<CommentItem> Comments);

    public async Task<IViewComponentResult> InvokeAsync(Guid entityId)
    {
        var visible = access.Visible();
        var rows = await db.Set<ProjectMember>().AsNoTracking().Where(m => m.ContactId == entityId)
            .Join(visible, m => m.ProjectId, p => p.Id, (m, p) => new { p.Id, p.Name, m.Role, m.UserId, m.AcceptedAt, m.RevokedAt })
            .OrderBy(r => r.Name).ToListAsync();
        var userIds = rows.Where(r => r.UserId != null).Select(r => r.UserId!.Value).Distinct().ToList();
        var projectIds = rows.Select(r => r.Id).ToList();
        var comments = db.Set<TaskComment>().AsNoTracking().Where(c => userIds.Contains(c.AuthorId) && projectIds.Contains(c.ProjectId));
        var perProject = await comments.GroupBy(c => c.ProjectId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var latest = await comments.OrderByDescending(c => c.CreatedAt).Take(5)
            .Select(c => new CommentItem(c.ProjectId, c.TaskId, db.Set<ProjectTask>().Where(t => t.Id == c.TaskId).Select(t => t.Title).FirstOrDefault() ?? "", c.Text, c.CreatedAt))
            .ToListAsync();
        var items = rows.Select(r => new Item(r.Id, r.Name, r.Role,
            r.RevokedAt is not null ? "Revoked" : r.AcceptedAt is not null ? "Accepted" : "Invited",
            perProject.FirstOrDefault(p => p.Key == r.Id)?.Count ?? 0)).ToList();
        return View("~/Areas/Projects/Pages/Shared/Components/ContactProjectsSection.cshtml", new Model(items, latest));
    }
}

/// <summary>The member's open tasks on the dashboard, soonest due first.</summary>
public sealed class MyTasksCardViewComponent(AppDbContext db, ProjectAccess access, TimeProvider clock) : ViewComponent
{
    public sealed record Item(Guid Id, Guid ProjectId, string Title, string Project, DateOnly? DueDate);

    public sealed record Model(IReadOnlyList<Item> Items, int Total, DateOnly Today);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var me = access.Me;
        var doneColumns = db.Set<BoardColumn>().Where(c => c.IsDone).Select(c => c.Id);
        var open = db.Set<ProjectTask>().AsNoTracking()
            .Where(t => t.Assignees.Any(a => a.UserId == me) && !doneColumns.Contains(t.ColumnId) && access.Visible().Any(p => p.Id == t.ProjectId));
        var items = await open.OrderBy(t => t.DueDate == null).ThenBy(t => t.DueDate).ThenBy(t => t.Title).Take(8)
            .Select(t => new Item(t.Id, t.ProjectId, t.Title, db.Set<Project>().Where(p => p.Id == t.ProjectId).Select(p => p.Name).FirstOrDefault() ?? "", t.DueDate))
            .ToListAsync();
        // Counted only when there are more than the card shows.
        var total = items.Count < 8 ? items.Count : await open.CountAsync();
        return View("~/Areas/Projects/Pages/Shared/Components/MyTasksCard.cshtml", new Model(items, total, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
    }
}
