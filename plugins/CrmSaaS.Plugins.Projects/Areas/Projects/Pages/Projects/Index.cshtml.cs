using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Web;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects.Areas.Projects.Pages.Projects;

[RequiresPermission(ProjectsPermissions.Read)]
[OutputCache(PolicyName = PageCache.Policy)]
public sealed class IndexModel(IMediator mediator, ProjectAccess access, ICrmDirectory crm) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Query Filter { get; set; } = new();

    public Page<Row> Projects { get; private set; } = new([], 1, 1, 0);

    public IReadOnlyList<(Guid Id, string Name)> Members { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Clients { get; private set; } = [];

    [HtmxFragment("_ProjectRows")]
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Projects = await mediator.Send(Filter, cancellationToken);
        Members = await access.TeamMembersAsync(cancellationToken);
        Clients = (await crm.Clients.Where(c => access.Visible().Any(p => p.ClientId == c.Id)).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken)).Select(c => (c.Id, c.Name)).ToList();
    }

    public sealed record Row(Guid Id, string Name, string Code, Guid ClientId, string Client, ProjectStatus Status, DateOnly? DueDate, int Done, int Total, int Overdue);

    [RequiresPermission(ProjectsPermissions.Read)]
    public sealed class Query : IQuery<Page<Row>>
    {
        public string? Search { get; set; }
        public Guid? Client { get; set; }
        public ProjectStatus? Status { get; set; }
        public Guid? Member { get; set; }
        /// <summary>Archived projects are hidden unless asked for (or filtered by status).</summary>
        public bool Archived { get; set; }
        public string Sort { get; set; } = "name";
        public bool Desc { get; set; }
        public int PageNumber { get; set; } = 1;
    }

    public sealed class Handler(AppDbContext db, ICrmDirectory crm, ProjectAccess access, TimeProvider clock) : IQueryHandler<Query, Page<Row>>
    {
        public const int PageSize = 25;

        public async ValueTask<Page<Row>> Handle(Query query, CancellationToken cancellationToken)
        {
            var projects = access.Visible();
            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var term = query.Search.Trim().ToLower();
                projects = projects.Where(p => p.Name.ToLower().Contains(term) || p.Code.ToLower().Contains(term));
            }

            if (query.Client is { } client)
            {
                projects = projects.Where(p => p.ClientId == client);
            }

            if (query.Status is { } status)
            {
                projects = projects.Where(p => p.Status == status);
            }
            else if (!query.Archived)
            {
                projects = projects.Where(p => p.Status != ProjectStatus.Archived);
            }

            if (query.Member is { } member)
            {
                projects = projects.Where(p => db.Set<ProjectMember>().Any(m => m.ProjectId == p.Id && m.UserId == member && m.RevokedAt == null));
            }

            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var clients = crm.Clients;
            var tasks = db.Set<ProjectTask>();
            var doneColumns = db.Set<BoardColumn>().Where(c => c.IsDone).Select(c => c.Id);
            var rows = projects.Select(p => new
            {
                p.Id, p.Name, p.Code, p.ClientId, Client = clients.Where(c => c.Id == p.ClientId).Select(c => c.Name).FirstOrDefault() ?? "",
                p.Status, p.DueDate, p.CreatedAt,
            });
            rows = (query.Sort, query.Desc) switch
            {
                ("client", false) => rows.OrderBy(r => r.Client).ThenBy(r => r.Name),
                ("client", true) => rows.OrderByDescending(r => r.Client).ThenBy(r => r.Name),
                ("status", false) => rows.OrderBy(r => r.Status).ThenBy(r => r.Name),
                ("status", true) => rows.OrderByDescending(r => r.Status).ThenBy(r => r.Name),
                ("due", false) => rows.OrderBy(r => r.DueDate == null).ThenBy(r => r.DueDate).ThenBy(r => r.Name),
                ("due", true) => rows.OrderByDescending(r => r.DueDate).ThenBy(r => r.Name),
                ("created", false) => rows.OrderBy(r => r.CreatedAt),
                ("created", true) => rows.OrderByDescending(r => r.CreatedAt),
                (_, true) => rows.OrderByDescending(r => r.Name),
                _ => rows.OrderBy(r => r.Name),
            };
            return await rows.Select(r => new Row(r.Id, r.Name, r.Code, r.ClientId, r.Client, r.Status, r.DueDate,
                    tasks.Count(t => t.ProjectId == r.Id && doneColumns.Contains(t.ColumnId)),
                    tasks.Count(t => t.ProjectId == r.Id),
                    tasks.Count(t => t.ProjectId == r.Id && t.DueDate < today && !doneColumns.Contains(t.ColumnId))))
                .ToPageAsync(query.PageNumber, PageSize, cancellationToken);
        }
    }
}
