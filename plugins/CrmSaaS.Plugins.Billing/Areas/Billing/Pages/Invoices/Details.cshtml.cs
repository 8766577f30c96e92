using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Billing.Areas.Billing.Pages.Invoices;

/// <summary>
/// One invoice. A draft is edited here (manual lines, removing lines, payment terms), deleted or
/// issued; an issued invoice shows what was frozen, each time line drilling down to the entries it bills.
/// </summary>
[RequiresPermission(BillingPermissions.Read)]
public sealed class DetailsModel(IMediator mediator, AppDbContext db, BillingTerms terms, IStringLocalizer<SharedResource> l) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    /// <summary>Entries listed under one line on the page; the CSV has them all.</summary>
    public const int EntriesShown = 100;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public LineInput Line { get; set; } = new();

    public Invoice Invoice { get; private set; } = null!;
    public InvoiceTotals Totals { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> Members { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyDictionary<Guid, int> EntryCounts { get; private set; } = new Dictionary<Guid, int>();
    public IReadOnlyDictionary<Guid, List<InvoiceLineEntry>> Entries { get; private set; } = new Dictionary<Guid, List<InvoiceLineEntry>>();
    public IReadOnlySet<DocumentFormat> Documents { get; private set; } = new HashSet<DocumentFormat>();
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(Id, cancellationToken);

    public Task ReloadAsync() => LoadAsync(Id, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAddLineAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new AddLine(Id, Line), cancellationToken);
        return Back(l["Line added."]);
    }

    public async Task<IActionResult> OnPostRemoveLineAsync(Guid lineId, CancellationToken cancellationToken)
    {
        await mediator.Send(new RemoveLine(Id, lineId), cancellationToken);
        return Back(l["Line removed."]);
    }

    public async Task<IActionResult> OnPostTermsAsync(int paymentTermDays, CancellationToken cancellationToken)
    {
        await mediator.Send(new SetTerms(Id, paymentTermDays), cancellationToken);
        return Back(l["Payment terms saved."]);
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteDraft(Id), cancellationToken);
        TempData["Flash"] = l["Draft deleted; its time is unbilled again."].Value;
        return RedirectToPage("/Invoices/Index", new { area = "Billing" });
    }

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken cancellationToken)
    {
        var number = await mediator.Send(new IssueInvoice(Id), cancellationToken);
        return Back(l["Invoice {0} issued.", number]);
    }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken)
    {
        var recipients = await mediator.Send(new SendInvoice(Id), cancellationToken);
        return Back(l["Invoice sent to {0} recipients.", recipients]);
    }

    private RedirectToPageResult Back(string flash)
    {
        TempData["Flash"] = flash;
        return RedirectToPage("/Invoices/Details", new { area = "Billing", id = Id });
    }

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Invoice = await db.Set<Invoice>().AsNoTracking().Include(i => i.Lines.OrderBy(x => x.Position)).SingleOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw new NotFoundException("Invoice");
        Totals = InvoiceTotals.Compute(Invoice.Currency, Invoice.Lines.Select(x => new TotalsLine(x.NetMinor, x.VatCategory, x.VatRate)));
        var entries = db.Set<InvoiceLineEntry>().AsNoTracking().Where(e => e.InvoiceId == id);
        EntryCounts = await entries.GroupBy(e => e.InvoiceLineId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var shown = new Dictionary<Guid, List<InvoiceLineEntry>>();
        foreach (var line in Invoice.Lines.Where(x => x.Kind == LineKind.Time))
        {
            shown[line.Id] = await entries.Where(e => e.InvoiceLineId == line.Id).OrderBy(e => e.Date).ThenBy(e => e.Id).Take(EntriesShown).ToListAsync(cancellationToken);
        }

        Entries = shown;
        var users = shown.Values.SelectMany(x => x).Select(e => e.UserId).Distinct().ToList();
        Members = await db.Users.Where(u => users.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        Documents = (await db.Set<InvoiceDocument>().Where(d => d.InvoiceId == id).Select(d => d.Format).ToListAsync(cancellationToken)).ToHashSet();
        Today = await terms.TodayAsync(cancellationToken);
    }

    public sealed class LineInput
    {
        public LineKind Kind { get; set; } = LineKind.Fee;

        public string? Description { get; set; }

        public decimal Quantity { get; set; } = 1;

        public decimal UnitPrice { get; set; }
    }

    [RequiresPermission(BillingPermissions.Draft)]
    public sealed record AddLine(Guid InvoiceId, LineInput Line) : IRequest;

    [RequiresPermission(BillingPermissions.Draft)]
    public sealed record RemoveLine(Guid InvoiceId, Guid LineId) : IRequest;

    [RequiresPermission(BillingPermissions.Draft)]
    public sealed record SetTerms(Guid InvoiceId, int PaymentTermDays) : IRequest;

    [RequiresPermission(BillingPermissions.Draft)]
    public sealed record DeleteDraft(Guid InvoiceId) : IRequest;

    [RequiresPermission(BillingPermissions.Issue)]
    public sealed record IssueInvoice(Guid InvoiceId) : IRequest<string>;

    [RequiresPermission(BillingPermissions.Issue)]
    public sealed record SendInvoice(Guid InvoiceId) : IRequest<int>;

    public sealed class Handlers(DraftEditing drafts, InvoiceIssuing issuing, InvoiceSending sending, BillingTerms terms)
        : IRequestHandler<AddLine>, IRequestHandler<RemoveLine>, IRequestHandler<SetTerms>, IRequestHandler<DeleteDraft>, IRequestHandler<IssueInvoice, string>, IRequestHandler<SendInvoice, int>
    {
        public async ValueTask<int> Handle(SendInvoice command, CancellationToken cancellationToken) =>
            await sending.SendAsync(command.InvoiceId, cancellationToken);

        public async ValueTask<Unit> Handle(AddLine command, CancellationToken cancellationToken)
        {
            await drafts.AddLineAsync(command.InvoiceId, command.Line.Kind, command.Line.Description ?? "", command.Line.Quantity, command.Line.UnitPrice, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(RemoveLine command, CancellationToken cancellationToken)
        {
            await drafts.RemoveLineAsync(command.InvoiceId, command.LineId, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(SetTerms command, CancellationToken cancellationToken)
        {
            await drafts.SetTermsAsync(command.InvoiceId, command.PaymentTermDays, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(DeleteDraft command, CancellationToken cancellationToken)
        {
            await drafts.DeleteAsync(command.InvoiceId, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<string> Handle(IssueInvoice command, CancellationToken cancellationToken) =>
            await issuing.IssueAsync(command.InvoiceId, await terms.TodayAsync(cancellationToken), cancellationToken);
    }
}
