using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects.Areas.Projects.Pages;

/// <summary>Progress and overdue tasks per project and per client.</summary>
[RequiresPermission(ProjectsPermissions.Analytics)]
public sealed class AnalyticsModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Archived { get; set; }

    public Report Data { get; private set; } = new([], []);

    public async Task OnGetAsync(CancellationToken cancellationToken) => Data = await mediator.Send(new Query(Archived), cancellationToken);

    public sealed record ProjectRow(Guid Id, string Name, Guid ClientId, string Client, ProjectStatus Status, int Open, int Done, int Overdue, int Comments)
    {
        public int Total => Open + Done;
    }

    public sealed record ClientRow(Guid Id, string Name, int Projects, int Open, int Done, int Overdue)
    {
        public int Total => Open + Done;
    }

    public sealed record Report(IReadOnlyList<ProjectRow> Projects, IReadOnlyList<ClientRow> Clients);

    [RequiresPermission(ProjectsPermissions.Analytics)]
    public sealed record Query(bool Archived) : IQuery<Report>;

    public sealed class Handler(AppDbContext db, ICrmDirectory crm, ProjectAccess access, TimeProvider clock) : IQueryHandler<Query, Report>
    {
        public async ValueTask<Report> Handle(Query query, CancellationToken cancellationToken)
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var doneColumns = db.Set<BoardColumn>().Where(c => c.IsDone).Select(c => c.Id);
            var tasks = db.Set<ProjectTask>();
            var projects = await access.Visible().Where(p => query.Archived || p.Status != ProjectStatus.Archived)
                .Select(p => new ProjectRow(p.Id, p.Name, p.ClientId, crm.Clients.Where(c => c.Id == p.ClientId).Select(c => c.Name).FirstOrDefault() ?? "", p.Status,
                    tasks.Count(t => t.ProjectId == p.Id && !doneColumns.Contains(t.ColumnId)),
                    tasks.Count(t => t.ProjectId == p.Id && doneColumns.Contains(t.ColumnId)),
                    tasks.Count(t => t.ProjectId == p.Id && !doneColumns.Contains(t.ColumnId) && t.DueDate < today),
                    db.Set<TaskComment>().Count(c => c.ProjectId == p.Id)))
                .ToListAsync(cancellationToken);
            var ordered = projects.OrderByDescending(p => p.Overdue).ThenBy(p => p.Client).ThenBy(p => p.Name).ToList();
            var clients = projects.GroupBy(p => (p.ClientId, p.Client))
                .Select(g => new ClientRow(g.Key.ClientId, g.Key.Client, g.Count(), g.Sum(p => p.Open), g.Sum(p => p.Done), g.Sum(p => p.Overdue)))
                .OrderByDescending(c => c.Overdue).ThenBy(c => c.Name).ToList();
            return new Report(ordered, clients);
        }
    }
}
