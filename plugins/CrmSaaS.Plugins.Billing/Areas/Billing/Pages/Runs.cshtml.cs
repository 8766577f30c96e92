using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Areas.Billing.Pages;

/// <summary>
/// The invoice run: what is due now per scheduled client (a preview), running it by hand for one
/// client or all, and the log of every client's run with its outcome and a retry for failures.
/// </summary>
[RequiresPermission(BillingPermissions.Read)]
public sealed class RunsModel(InvoiceRuns runs, AppDbContext db, ICrmDirectory crm, BillingTerms terms, IStringLocalizer<SharedResource> l) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public DateOnly Occasion { get; private set; }
    public BillingProfile Profile { get; private set; } = null!;
    public IReadOnlyList<InvoiceRuns.Due> Due { get; private set; } = [];
    public Page<Row> Log { get; private set; } = new([], 1, 1, 0);

    public sealed record Row(InvoiceRun Run, string Client, string? Number);

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task ReloadAsync() => LoadAsync(HttpContext.RequestAborted);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Profile = await terms.ProfileAsync(cancellationToken);
        (Occasion, Due) = await runs.PreviewAsync(null, cancellationToken);
        Log = await db.Set<InvoiceRun>().AsNoTracking().OrderByDescending(r => r.CreatedAt)
            .Select(r => new Row(r, crm.Clients.Where(c => c.Id == r.ClientId).Select(c => c.Name).FirstOrDefault() ?? "",
                db.Set<Invoice>().Where(i => i.Id == r.InvoiceId).Select(i => i.Number).FirstOrDefault()))
            .ToPageAsync(PageNumber, PageSize, cancellationToken);
    }

    /// <summary>Runs what is due now for every scheduled client. Not a command: each client gets a unit of work of its own.</summary>
    public async Task<IActionResult> OnPostRunAllAsync(CancellationToken cancellationToken) =>
        Finished(await runs.RunDueAsync(null, RunTrigger.Manual, cancellationToken));

    /// <summary>Runs what is due now for one client.</summary>
    public async Task<IActionResult> OnPostRunAsync(Guid clientId, CancellationToken cancellationToken)
    {
        if (!await crm.Clients.AnyAsync(c => c.Id == clientId, cancellationToken))
        {
            throw new NotFoundException("Client");
        }

        return Finished(await runs.RunDueAsync(clientId, RunTrigger.Manual, cancellationToken));
    }

    private RedirectToPageResult Finished(IReadOnlyList<RunOutcome> outcomes)
    {
        TempData["Flash"] = l["Run finished: {0} created, {1} skipped, {2} failed.", outcomes.Count(o => o.Status == RunStatus.Created),
            outcomes.Count(o => o.Status == RunStatus.Skipped), outcomes.Count(o => o.Status == RunStatus.Failed)].Value;
        return RedirectToPage("/Runs", new { area = "Billing" });
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid runId, CancellationToken cancellationToken)
    {
        var outcome = await runs.RetryAsync(runId, cancellationToken);
        TempData["Flash"] = (outcome?.Status switch
        {
            RunStatus.Created => l["The invoice was created."],
            RunStatus.Skipped => l["Nothing to invoice: {0}", outcome.Reason ?? ""],
            RunStatus.Failed => l["It failed again: {0}", outcome.Reason ?? ""],
            _ => l["Another run is working on it."],
        }).Value;
        return RedirectToPage("/Runs", new { area = "Billing" });
    }
}
