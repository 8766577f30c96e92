using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Web;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Clients;

[RequiresPermission(CrmPermissions.Read)]
[OutputCache(PolicyName = PageCache.Policy)]
public sealed class IndexModel(IMediator mediator, CrmAccess access) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Query Filter { get; set; } = new();

    public Page<Row> Clients { get; private set; } = new([], 1, 1, 0);

    public IReadOnlyList<(Guid Id, string Name)> Members { get; private set; } = [];

    [HtmxFragment("_ClientRows")]
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Clients = await mediator.Send(Filter, cancellationToken);
        Members = await access.MembersAsync(cancellationToken);
    }

    public sealed record Row(Guid Id, string Name, ClientStatus Status, string? Country, string Currency, string Tags, string ResponsibleManager, int Contacts, DateTime CreatedAt);

    [RequiresPermission(CrmPermissions.Read)]
    public sealed class Query : IQuery<Page<Row>>
    {
        public string? Search { get; set; }
        public ClientStatus? Status { get; set; }
        public Guid? Manager { get; set; }
        public string? Tag { get; set; }
        /// <summary>Only clients I manage (responsible or additional).</summary>
        public bool Mine { get; set; }
        public string Sort { get; set; } = "name";
        public bool Desc { get; set; }
        public int PageNumber { get; set; } = 1;
    }

    public sealed class Handler(AppDbContext db, CrmAccess access) : IQueryHandler<Query, Page<Row>>
    {
        public const int PageSize = 25;

        public async ValueTask<Page<Row>> Handle(Query query, CancellationToken cancellationToken) =>
            await Filtered(db, query, access.Me)
                .Select(c => new Row(c.Id, c.Name, c.Status, c.Country, c.Currency, c.Tags,
                    db.Users.Where(u => u.Id == c.ResponsibleManagerId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                    db.Set<Contact>().Count(x => x.ClientId == c.Id), c.CreatedAt))
                .ToPageAsync(query.PageNumber, PageSize, cancellationToken);

        /// <summary>The filtered, sorted clients; the list and the CSV export share it.</summary>
        public static IQueryable<Client> Filtered(AppDbContext db, Query query, Guid me)
        {
            var clients = db.Set<Client>().AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var term = query.Search.Trim().ToLower();
                clients = clients.Where(c => c.Name.ToLower().Contains(term) || (c.VatId != null && c.VatId.ToLower().Contains(term)));
            }

            if (query.Status is { } status)
            {
                clients = clients.Where(c => c.Status == status);
            }

            var managers = db.Set<ClientManager>();
            if (query.Manager is { } manager)
            {
                clients = clients.Where(c => c.ResponsibleManagerId == manager || managers.Any(m => m.ClientId == c.Id && m.UserId == manager));
            }

            if (query.Mine)
            {
                clients = clients.Where(c => c.ResponsibleManagerId == me || managers.Any(m => m.ClientId == c.Id && m.UserId == me));
            }

            if (!string.IsNullOrWhiteSpace(query.Tag))
            {
                var pattern = Tags.Pattern(query.Tag);
                clients = clients.Where(c => EF.Functions.Like(c.Tags, pattern));
            }

            return (query.Sort, query.Desc) switch
            {
                ("status", false) => clients.OrderBy(c => c.Status).ThenBy(c => c.Name),
                ("status", true) => clients.OrderByDescending(c => c.Status).ThenBy(c => c.Name),
                ("created", false) => clients.OrderBy(c => c.CreatedAt),
                ("created", true) => clients.OrderByDescending(c => c.CreatedAt),
                (_, true) => clients.OrderByDescending(c => c.Name),
                _ => clients.OrderBy(c => c.Name),
            };
        }
    }
}
