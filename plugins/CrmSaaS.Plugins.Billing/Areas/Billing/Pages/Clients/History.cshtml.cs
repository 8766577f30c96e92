using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Areas.Billing.Pages.Clients;

/// <summary>
/// A client's billing history: what it owes and what it has as credit now, and its account for a period
/// (the last twelve months unless chosen) with every invoice, credit note and payment and the running
/// balance, downloadable as a statement (PDF in the client's language, CSV).
/// </summary>
[RequiresPermission(BillingPermissions.Read)]
public sealed class HistoryModel(ClientStatements statements, BillingTerms terms, AppDbContext db, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid ClientId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public Statement Statement { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    public IReadOnlyList<Balance> Balances { get; private set; } = [];

    /// <summary>Now, per currency: what open invoices still ask for, how much of it is overdue, and the client's credit.</summary>
    public sealed record Balance(string Currency, long OpenMinor, long OverdueMinor, long CreditMinor);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = await terms.TodayAsync(cancellationToken);
        var period = ModelState.IsValid ? StatementDownloads.Period(From, To, Today) : null;
        if (period is null)
        {
            ModelState.AddModelError(nameof(To), l["The period must start before it ends and span at most ten years."]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            period = StatementDownloads.Period(null, null, Today);
        }

        (From, To) = period!.Value;
        Statement = await statements.ForAsync(ClientId, From.Value, To.Value, cancellationToken);

        var today = Today;
        var open = await db.Set<Invoice>().AsNoTracking()
            .Where(i => i.ClientId == ClientId && i.Kind == DocumentKind.Invoice && (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.Sent || i.Status == InvoiceStatus.PartiallyPaid))
            .GroupBy(i => i.Currency)
            .Select(g => new
            {
                Currency = g.Key,
                Open = g.Sum(i => i.GrossMinor - i.CreditedMinor - i.PaidMinor),
                Overdue = g.Where(i => i.DueDate < today).Sum(i => i.GrossMinor - i.CreditedMinor - i.PaidMinor),
            })
            .ToListAsync(cancellationToken);
        var credit = await db.Set<Payment>().AsNoTracking().Where(p => p.ClientId == ClientId && p.OverpaidMinor > 0)
            .GroupBy(p => p.Currency).Select(g => new { Currency = g.Key, Minor = g.Sum(p => p.OverpaidMinor) }).ToListAsync(cancellationToken);
        Balances = open.Select(o => o.Currency).Union(credit.Select(c => c.Currency)).Order(StringComparer.Ordinal)
            .Select(c => new Balance(c, open.Where(o => o.Currency == c).Sum(o => o.Open), open.Where(o => o.Currency == c).Sum(o => o.Overdue), credit.Where(x => x.Currency == c).Sum(x => x.Minor)))
            .ToList();
    }
}
