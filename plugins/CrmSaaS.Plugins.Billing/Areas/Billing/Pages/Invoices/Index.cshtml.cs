using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Web;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Crm.Contracts;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Areas.Billing.Pages.Invoices;

/// <summary>The team's invoices and credit notes: search by number or client, filter by state and client, sort, page.</summary>
[RequiresPermission(BillingPermissions.Read)]
[OutputCache(PolicyName = PageCache.Policy)]
public sealed class IndexModel(IMediator mediator, ICrmDirectory crm) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Query Filter { get; set; } = new();

    public Page<Row> Invoices { get; private set; } = new([], 1, 1, 0);

    public IReadOnlyList<(Guid Id, string Name)> Clients { get; private set; } = [];

    [HtmxFragment("_InvoiceRows")]
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Invoices = await mediator.Send(Filter, cancellationToken);
        Clients = (await crm.Clients.OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken)).Select(c => (c.Id, c.Name)).ToList();
    }

    public sealed record Row(Guid Id, DocumentKind Kind, string? Number, InvoiceStatus Status, Guid ClientId, string Client, DateOnly? IssueDate, DateOnly? DueDate,
        long GrossMinor, string Currency, DateTime CreatedAt)
    {
        public Money Gross => new(GrossMinor, Currency);
    }

    /// <summary>What the list shows of a state: "overdue" is an issued or sent invoice past its due date.</summary>
    public enum StateFilter
    {
        Draft,
        Open,
        Overdue,
        Paid,
        Cancelled,
    }

    [RequiresPermission(BillingPermissions.Read)]
    public sealed class Query : IQuery<Page<Row>>
    {
        public string? Search { get; set; }
        public StateFilter? State { get; set; }
        public Guid? Client { get; set; }
        public DocumentKind? Kind { get; set; }
        public string Sort { get; set; } = "created";
        public bool Desc { get; set; } = true;
        public int PageNumber { get; set; } = 1;
    }

    public sealed class Handler(AppDbContext db, BillingTerms terms) : IQueryHandler<Query, Page<Row>>
    {
        public const int PageSize = 25;

        public async ValueTask<Page<Row>> Handle(Query query, CancellationToken cancellationToken)
        {
            var today = await terms.TodayAsync(cancellationToken);
            var invoices = db.Set<Invoice>().AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var term = query.Search.Trim().ToLower();
                invoices = invoices.Where(i => (i.Number != null && i.Number.ToLower().Contains(term)) || i.BuyerName.ToLower().Contains(term));
            }

            if (query.Client is { } client)
            {
                invoices = invoices.Where(i => i.ClientId == client);
            }

            if (query.Kind is { } kind)
            {
                invoices = invoices.Where(i => i.Kind == kind);
            }

            invoices = query.State switch
            {
                StateFilter.Draft => invoices.Where(i => i.Status == InvoiceStatus.Draft),
                StateFilter.Open => invoices.Where(i => i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.Sent || i.Status == InvoiceStatus.PartiallyPaid),
                StateFilter.Overdue => invoices.Where(i => (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.Sent || i.Status == InvoiceStatus.PartiallyPaid) && i.DueDate < today),
                StateFilter.Paid => invoices.Where(i => i.Status == InvoiceStatus.Paid),
                StateFilter.Cancelled => invoices.Where(i => i.Status == InvoiceStatus.Cancelled),
                _ => invoices,
            };

            invoices = (query.Sort, query.Desc) switch
            {
                ("number", false) => invoices.OrderBy(i => i.Number),
                ("number", true) => invoices.OrderByDescending(i => i.Number),
                ("client", false) => invoices.OrderBy(i => i.BuyerName).ThenByDescending(i => i.CreatedAt),
                ("client", true) => invoices.OrderByDescending(i => i.BuyerName).ThenByDescending(i => i.CreatedAt),
                ("issued", false) => invoices.OrderBy(i => i.IssueDate).ThenBy(i => i.Number),
                ("issued", true) => invoices.OrderByDescending(i => i.IssueDate).ThenByDescending(i => i.Number),
                ("due", false) => invoices.OrderBy(i => i.DueDate),
                ("due", true) => invoices.OrderByDescending(i => i.DueDate),
                ("total", false) => invoices.OrderBy(i => i.GrossMinor),
                ("total", true) => invoices.OrderByDescending(i => i.GrossMinor),
                (_, false) => invoices.OrderBy(i => i.CreatedAt),
                _ => invoices.OrderByDescending(i => i.CreatedAt),
            };

            return await invoices
                .Select(i => new Row(i.Id, i.Kind, i.Number, i.Status, i.ClientId, i.BuyerName, i.IssueDate, i.DueDate, i.GrossMinor, i.Currency, i.CreatedAt))
                .ToPageAsync(query.PageNumber, PageSize, cancellationToken);
        }
    }
}
