using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Areas.Billing.Pages;

/// <summary>
/// What clients owe: every open invoice's remaining amount by client and currency, aged by days past
/// its due date in the team's time zone (not yet due, 0–30, 31–60, 61–90, over 90), and the overdue
/// invoices oldest first.
/// </summary>
[RequiresPermission(BillingPermissions.Read)]
public sealed class ReceivablesModel(AppDbContext db, BillingTerms terms) : PageModel
{
    public static readonly string[] Buckets = ["Not yet due", "0–30 days", "31–60 days", "61–90 days", "Over 90 days"];

    public DateOnly Today { get; private set; }
    public IReadOnlyList<ClientRow> Clients { get; private set; } = [];
    public IReadOnlyList<TotalRow> Totals { get; private set; } = [];
    public IReadOnlyList<OverdueRow> Overdue { get; private set; } = [];

    public sealed record ClientRow(Guid ClientId, string Client, string Currency, long[] Minor)
    {
        public long Total => Minor.Sum();
    }

    public sealed record TotalRow(string Currency, long[] Minor)
    {
        public long Total => Minor.Sum();
    }

    public sealed record OverdueRow(Guid Id, string Number, string Client, DateOnly Due, int DaysLate, Money Open);

    /// <summary>Which bucket an invoice due on <paramref name="due"/> is in on <paramref name="today"/>.</summary>
    public static int Bucket(DateOnly due, DateOnly today)
    {
        var late = today.DayNumber - due.DayNumber;
        return late <= 0 ? 0 : late <= 30 ? 1 : late <= 60 ? 2 : late <= 90 ? 3 : 4;
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = await terms.TodayAsync(cancellationToken);
        var open = await db.Set<Invoice>().AsNoTracking()
            .Where(i => i.Kind == DocumentKind.Invoice && (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.Sent || i.Status == InvoiceStatus.PartiallyPaid))
            .Select(i => new { i.Id, i.Number, i.ClientId, i.BuyerName, i.Currency, i.DueDate, Open = i.GrossMinor - i.CreditedMinor - i.PaidMinor })
            .Where(i => i.Open > 0)
            .ToListAsync(cancellationToken);
        Clients = open.GroupBy(i => (i.ClientId, i.Currency))
            .Select(g =>
            {
                var minor = new long[Buckets.Length];
                foreach (var i in g)
                {
                    minor[Bucket(i.DueDate ?? Today, Today)] += i.Open;
                }

                return new ClientRow(g.Key.ClientId, g.First().BuyerName, g.Key.Currency, minor);
            })
            .OrderByDescending(c => c.Minor.Skip(1).Sum()).ThenBy(c => c.Client, StringComparer.CurrentCulture).ToList();
        Totals = Clients.GroupBy(c => c.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TotalRow(g.Key, Enumerable.Range(0, Buckets.Length).Select(b => g.Sum(c => c.Minor[b])).ToArray())).ToList();
        Overdue = open.Where(i => i.DueDate < Today).OrderBy(i => i.DueDate)
            .Select(i => new OverdueRow(i.Id, i.Number!, i.BuyerName, i.DueDate!.Value, Today.DayNumber - i.DueDate.Value.DayNumber, new Money(i.Open, i.Currency))).ToList();
    }
}
