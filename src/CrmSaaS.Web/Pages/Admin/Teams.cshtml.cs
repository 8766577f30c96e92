using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Admin;

/// <summary>The Superadmin's list of teams, with suspend and resume.</summary>
[RootSite]
[RequiresPermission(PlatformPermissions.TeamsManage)]
public sealed class TeamsModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Query Filter { get; set; } = new();

    public Page<Row> Teams { get; private set; } = new([], 1, 1, 0);

    [HtmxFragment("_TeamRows")]
    public async Task OnGetAsync() => Teams = await mediator.Send(Filter);

    public async Task<IActionResult> OnPostSuspendAsync(Guid id)
    {
        await mediator.Send(new SetState(id, TenantState.Suspended));
        TempData["Flash"] = l["The team is suspended. Its subdomain answers 404; its data is kept."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResumeAsync(Guid id)
    {
        await mediator.Send(new SetState(id, TenantState.Active));
        TempData["Flash"] = l["The team is active again."].Value;
        return RedirectToPage();
    }

    public sealed record Row(Guid Id, string Identifier, string Name, TenantState State, DateTime CreatedAt, int Members);

    [RequiresPermission(PlatformPermissions.TeamsManage)]
    public sealed class Query : IQuery<Page<Row>>
    {
        public string? Search { get; set; }
        public TenantState? State { get; set; }
        public string Sort { get; set; } = "created";
        public bool Desc { get; set; } = true;
        public int PageNumber { get; set; } = 1;
    }

    [RequiresPermission(PlatformPermissions.TeamsManage)]
    public sealed record SetState(Guid TenantId, TenantState State) : IRequest;

    public sealed class Handlers(AppDbContext db, ITenantStore store, IUnitOfWork unitOfWork, TimeProvider clock)
        : IQueryHandler<Query, Page<Row>>, IRequestHandler<SetState>
    {
        public const int PageSize = 50;

        public async ValueTask<Page<Row>> Handle(Query query, CancellationToken cancellationToken)
        {
            // The Superadmin works on the root domain, outside any team: counting members across
            // teams is the one place that deliberately lifts the tenant filter.
            var memberships = db.Memberships.IgnoreQueryFilters([AppDbContext.TenantFilter]);
            var tenants = db.Tenants.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var term = query.Search.Trim().ToLower();
                tenants = tenants.Where(t => t.Name.ToLower().Contains(term) || t.Identifier.Contains(term));
            }

            if (query.State is { } state)
            {
                tenants = tenants.Where(t => t.State == state);
            }

            tenants = (query.Sort, query.Desc) switch
            {
                ("name", false) => tenants.OrderBy(t => t.Name),
                ("name", true) => tenants.OrderByDescending(t => t.Name),
                ("members", false) => tenants.OrderBy(t => memberships.Count(m => m.TenantId == t.Id)),
                ("members", true) => tenants.OrderByDescending(t => memberships.Count(m => m.TenantId == t.Id)),
                (_, false) => tenants.OrderBy(t => t.CreatedAt),
                _ => tenants.OrderByDescending(t => t.CreatedAt),
            };
            var rows = tenants.Select(t => new Row(t.Id, t.Identifier, t.Name, t.State, t.CreatedAt, memberships.Count(m => m.TenantId == t.Id)));
            return await rows.ToPageAsync(query.PageNumber, PageSize, cancellationToken);
        }

        public async ValueTask<Unit> Handle(SetState command, CancellationToken cancellationToken)
        {
            var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == command.TenantId, cancellationToken)
                ?? throw new NotFoundException("Team");
            tenant.State = command.State;
            tenant.SuspendedAt = command.State == TenantState.Suspended ? clock.GetUtcNow().UtcDateTime : null;
            await db.SaveChangesAsync(cancellationToken);
            // After the commit, so no instance reads the old state again into its cache.
            unitOfWork.AfterCommit(_ =>
            {
                store.Invalidate(tenant.Identifier);
                return Task.CompletedTask;
            });
            return Unit.Value;
        }
    }
}
