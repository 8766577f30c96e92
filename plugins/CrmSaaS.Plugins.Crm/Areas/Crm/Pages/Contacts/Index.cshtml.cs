using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Web;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Search;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Contacts;

[RequiresPermission(CrmPermissions.Read)]
[OutputCache(PolicyName = PageCache.Policy)]
public sealed class IndexModel(IMediator mediator, CrmAccess access) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Query Filter { get; set; } = new();

    public Page<Row> Contacts { get; private set; } = new([], 1, 1, 0);

    public IReadOnlyList<(Guid Id, string Name)> Members { get; private set; } = [];

    public string? ClientName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Contacts = await mediator.Send(Filter, cancellationToken);
        if (Request.IsHtmx())
        {
            // Typing in the search box: only the table is swapped, so only the table is rendered.
            return Partial("_ContactRows", this);
        }

        Members = await access.MembersAsync(cancellationToken);
        if (Filter.Client is { } clientId)
        {
            ClientName = await mediator.Send(new ClientNameQuery(clientId), cancellationToken);
        }

        return Page();
    }

    public sealed record Row(Guid Id, string FirstName, string LastName, string? Email, string? Phone, string? Position, Guid? ClientId, string? ClientName, bool IsRepresentative, string Owner, string Tags);

    [RequiresPermission(CrmPermissions.Read)]
    public sealed class Query : IQuery<Page<Row>>
    {
        public string? Search { get; set; }
        public Guid? Owner { get; set; }
        public Guid? Client { get; set; }
        public string? Tag { get; set; }
        public bool Representatives { get; set; }
        /// <summary>Only contacts I own or am assigned to.</summary>
        public bool Mine { get; set; }
        public string Sort { get; set; } = "name";
        public bool Desc { get; set; }
        public int PageNumber { get; set; } = 1;
        public int Size { get; set; } = 25;
    }

    [RequiresPermission(CrmPermissions.Read)]
    public sealed record ClientNameQuery(Guid Id) : IQuery<string?>;

    public sealed class Handler(AppDbContext db, CrmAccess access, ContactSearchIndex index)
        : IQueryHandler<Query, Page<Row>>, IQueryHandler<ClientNameQuery, string?>
    {
        public async ValueTask<Page<Row>> Handle(Query query, CancellationToken cancellationToken)
        {
            var terms = SearchText.Terms(query.Search);
            var searchOnly = terms.Count > 0 && query.Sort == "name" && query.Owner is null && query.Client is null
                && !query.Representatives && !query.Mine && string.IsNullOrWhiteSpace(query.Tag);
            if (!searchOnly)
            {
                return await Project(db, await FilteredAsync(db, index, query, access.Me, cancellationToken)).ToPageAsync(query.PageNumber, query.Size, cancellationToken);
            }

            var size = Math.Clamp(query.Size, 1, PagingExtensions.MaxPageSize);
            var number = Math.Max(1, query.PageNumber);
            var (ids, total) = await index.PageByNameAsync(terms, query.Desc, (number - 1) * size, size, cancellationToken);
            if (ids.Count == 0 && total > 0)
            {
                number = (total + size - 1) / size;
                (ids, total) = await index.PageByNameAsync(terms, query.Desc, (number - 1) * size, size, cancellationToken);
            }

            var rows = await Project(db, db.Set<Contact>().AsNoTracking().Where(c => ids.Contains(c.Id))).ToListAsync(cancellationToken);
            var position = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
            return new Page<Row>(rows.OrderBy(r => position[r.Id]).ToList(), number, size, total);
        }

        public async ValueTask<string?> Handle(ClientNameQuery query, CancellationToken cancellationToken) =>
            await db.Set<Client>().Where(c => c.Id == query.Id).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);

        public static IQueryable<Row> Project(AppDbContext db, IQueryable<Contact> contacts) => contacts.Select(c => new Row(
            c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.Position, c.ClientId, c.Client!.Name, c.IsRepresentative,
            db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).FirstOrDefault() ?? "", c.Tags));

        /// <summary>The filtered, sorted contacts; the list, the search box and the CSV export share it.</summary>
        public static async Task<IQueryable<Contact>> FilteredAsync(AppDbContext db, ContactSearchIndex index, Query query, Guid me, CancellationToken cancellationToken)
        {
            var contacts = await index.MatchingAsync(db.Set<Contact>().AsNoTracking(), SearchText.Terms(query.Search), cancellationToken);

            if (query.Owner is { } owner)
            {
                contacts = contacts.Where(c => c.OwnerId == owner);
            }

            if (query.Client is { } client)
            {
                contacts = contacts.Where(c => c.ClientId == client);
            }

            if (query.Representatives)
            {
                contacts = contacts.Where(c => c.IsRepresentative);
            }

            if (query.Mine)
            {
                var assignees = db.Set<ContactAssignee>();
                contacts = contacts.Where(c => c.OwnerId == me || assignees.Any(a => a.ContactId == c.Id && a.UserId == me));
            }

            if (!string.IsNullOrWhiteSpace(query.Tag))
            {
                var pattern = Tags.Pattern(query.Tag);
                contacts = contacts.Where(c => EF.Functions.Like(c.Tags, pattern));
            }

            return (query.Sort, query.Desc) switch
            {
                ("email", false) => contacts.OrderBy(c => c.EmailNormalized).ThenBy(c => c.Id),
                ("email", true) => contacts.OrderByDescending(c => c.EmailNormalized).ThenBy(c => c.Id),
                ("created", false) => contacts.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
                ("created", true) => contacts.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id),
                (_, true) => contacts.OrderByDescending(c => c.LastName).ThenByDescending(c => c.FirstName).ThenByDescending(c => c.Id),
                _ => contacts.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id),
            };
        }
    }
}
