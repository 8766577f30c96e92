using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Plugins.Projects.Areas.Projects.Pages.Portal;

/// <summary>"My projects": the first page of the client portal, where a signed-in client contact lands.</summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<Row> Projects { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Projects = await mediator.Send(new Query(), cancellationToken);

    public sealed record Row(Guid Id, string Name, string Client, ProjectStatus Status, DateOnly? DueDate, int Done, int Total, ProjectRole Role, DateTime? LastUpdate);

    [RequiresPermission(PortalPermissions.Access)]
    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed class Handler(AppDbContext db, ICrmDirectory crm, ProjectAccess access) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query query, CancellationToken cancellationToken)
        {
            var me = access.Me;
            var tasks = db.Set<ProjectTask>();
            var doneColumns = db.Set<BoardColumn>().Where(c => c.IsDone).Select(c => c.Id);
            return await access.Visible().Where(p => p.Status != ProjectStatus.Archived).OrderBy(p => p.Name)
                .Select(p => new Row(p.Id, p.Name, crm.Clients.Where(c => c.Id == p.ClientId).Select(c => c.Name).FirstOrDefault() ?? "", p.Status, p.DueDate,
                    tasks.Count(t => t.ProjectId == p.Id && doneColumns.Contains(t.ColumnId)), tasks.Count(t => t.ProjectId == p.Id),
                    db.Set<ProjectMember>().Where(m => m.ProjectId == p.Id && m.UserId == me).Select(m => m.Role).First(),
                    db.Set<ProjectUpdate>().Where(u => u.ProjectId == p.Id && u.VisibleToClient).Max(u => (DateTime?)u.CreatedAt)))
                .ToListAsync(cancellationToken);
        }
    }
}
