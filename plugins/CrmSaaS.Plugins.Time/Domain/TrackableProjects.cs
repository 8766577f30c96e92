using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Time.Domain;

public sealed record ProjectChoice(Guid Id, string Name);

public sealed record TaskChoice(Guid ProjectId, Guid Id, string Title);

/// <summary>The projects and tasks the current member can book time on, for the timer and the entry forms.</summary>
public sealed class TrackableProjects(IProjectAccess access, IProjectDirectory projects, ICrmDirectory crm)
{
    public const int TasksPerProject = 30;

    /// <summary>Open projects the member can book time on, labelled "Client – Project", by name.</summary>
    public IQueryable<ProjectChoice> Choices() =>
        Labelled(access.VisibleProjects().Where(p => p.Status != ProjectStatus.Archived && p.Status != ProjectStatus.Completed))
            .OrderBy(p => p.Name).Select(p => new ProjectChoice(p.Id, p.Name));

    /// <summary>One project's "Client – Project" label, if the member can see it (the running timer's).</summary>
    public Task<string?> LabelAsync(Guid projectId, CancellationToken cancellationToken) =>
        Labelled(access.VisibleProjects().Where(p => p.Id == projectId)).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Projects with their "Client – Project" label (set by member, so the database can order and filter by it).</summary>
    private IQueryable<LabelledProject> Labelled(IQueryable<ProjectView> visible) =>
        visible.Select(p => new LabelledProject { Id = p.Id, Name = (crm.Clients.Where(c => c.Id == p.ClientId).Select(c => c.Name).FirstOrDefault() ?? "") + " – " + p.Name });

    private sealed class LabelledProject
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
    }

    /// <summary>
    /// The clients of the projects the member can see, by name, for report filters: time is only ever
    /// booked on a project, so a client without one has none (and a team's thousands of prospects stay out of the list).
    /// </summary>
    public async Task<List<(Guid Id, string Name)>> ClientsAsync(CancellationToken cancellationToken)
    {
        var visible = access.VisibleProjects();
        return (await crm.Clients.Where(c => visible.Any(p => p.ClientId == c.Id)).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.Name)).ToList();
    }

    /// <summary>The projects the member can see (open or not), by name, for report filters.</summary>
    public Task<List<ProjectChoice>> VisibleAsync(CancellationToken cancellationToken) =>
        access.VisibleProjects().OrderBy(p => p.Name).Select(p => new ProjectChoice(p.Id, p.Name)).ToListAsync(cancellationToken);

    public Task<string?> NameAsync(Guid projectId, CancellationToken cancellationToken) =>
        projects.Projects.Where(p => p.Id == projectId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The open tasks (not in a done column) of the given projects, in board order, at most <see cref="TasksPerProject"/> per project.</summary>
    public async Task<IReadOnlyList<TaskChoice>> OpenTasksAsync(IReadOnlyCollection<Guid> projectIds, CancellationToken cancellationToken)
    {
        var tasks = await projects.Tasks.Where(t => projectIds.Contains(t.ProjectId) && !t.Done)
            .OrderBy(t => t.Position).Select(t => new TaskChoice(t.ProjectId, t.Id, t.Title)).ToListAsync(cancellationToken);
        return tasks.GroupBy(t => t.ProjectId).SelectMany(g => g.Take(TasksPerProject)).ToList();
    }

    /// <summary>Every task of one project, by title (a report filter).</summary>
    public Task<List<TaskChoice>> TasksOfAsync(Guid projectId, CancellationToken cancellationToken) =>
        projects.Tasks.Where(t => t.ProjectId == projectId).OrderBy(t => t.Title).Select(t => new TaskChoice(t.ProjectId, t.Id, t.Title)).ToListAsync(cancellationToken);
}
