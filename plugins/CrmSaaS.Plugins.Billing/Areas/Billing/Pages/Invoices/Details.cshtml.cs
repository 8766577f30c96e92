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
public sealed class DetailsModel(IMediator mediator, AppDbContext db, BillingTerms terms, Corrections corrections, IStringLocalizer<SharedResource> l) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    /// <summary>Entries listed under one line on the page; the CSV has them all.</summary>
    public const int EntriesShown = 100;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public LineInput Line { get; set; } = new();

    [BindProperty]
    public PaymentInput Payment { get; set; } = new();

    [BindProperty]
    public CreditInput Credit { get; set; } = new();

    public IReadOnlyList<Payment> Payments { get; private set; } = [];
    public IReadOnlyList<InvoiceReminder> Reminders { get; private set; } = [];
    public IReadOnlyList<Invoice> CreditNotes { get; private set; } = [];
    public Invoice? Corrected { get; private set; }
    public IReadOnlyDictionary<Guid, long> Creditable { get; private set; } = new Dictionary<Guid, long>();

    public Invoice Invoice { get; private set; } = null!;
    public InvoiceTotals Totals { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> Members { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyDictionary<Guid, int> EntryCounts { get; private set; } = new Dictionary<Guid, int>();
    public IReadOnlyDictionary<Guid, List<InvoiceLineEntry>> Entries { get; private set; } = new Dictionary<Guid, List<InvoiceLineEntry>>();
    public IReadOnlySet<DocumentFormat> Documents { get; private set; } = new HashSet<DocumentFormat>();
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(Id, cancellationToken);

    public Task ReloadAsync() => LoadAsync(Id, HttpContext.RequestAborted);

    /// <summary>What a payment or refund arriving from a provider changes on this page (see <see cref="Kernel.Htmx.LiveRefresh"/>).</summary>
    public static string Stamp(Invoice invoice) => $"{invoice.Status}.{invoice.PaidMinor}.{invoice.CreditedMinor}.{(invoice.DisputedAt is null ? 0 : 1)}";

    public async Task<IActionResult> OnGetLiveAsync(string? stamp, CancellationToken cancellationToken)
    {
        var invoice = await db.Set<Invoice>().Where(i => i.Id == Id)
            .Select(i => new Invoice { Status = i.Status, PaidMinor = i.PaidMinor, CreditedMinor = i.CreditedMinor, DisputedAt = i.DisputedAt }).SingleOrDefaultAsync(cancellationToken);
        return invoice is null ? NotFound() : Kernel.Htmx.LiveRefresh.Answer(Response, Stamp(invoice), stamp);
    }

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

    public async Task<IActionResult> OnPostPaymentAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new RecordPayment(Id, Payment), cancellationToken);
        return Back(l["Payment recorded."]);
    }

    public async Task<IActionResult> OnPostDeletePaymentAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeletePayment(Id, paymentId), cancellationToken);
        return Back(l["Payment deleted; the balance is updated."]);
    }

    public async Task<IActionResult> OnPostCancelAsync(bool releaseTime, CancellationToken cancellationToken)
    {
        var note = await mediator.Send(new CancelInvoice(Id, releaseTime), cancellationToken);
        TempData["Flash"] = l["Credit note {0} issued; the invoice is cancelled.", note.Number ?? ""].Value;
        return RedirectToPage("/Invoices/Details", new { area = "Billing", id = note.Id });
    }

    public async Task<IActionResult> OnPostCreditAsync(CancellationToken cancellationToken)
    {
        var note = await mediator.Send(new CreditLines(Id, Credit), cancellationToken);
        TempData["Flash"] = l["Credit note {0} issued.", note.Number ?? ""].Value;
        return RedirectToPage("/Invoices/Details", new { area = "Billing", id = note.Id });
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
        // One read of the invoice's entries (small rows), grouped per line here: no query per line.
        var entries = (await db.Set<InvoiceLineEntry>().AsNoTracking().Where(e => e.InvoiceId == id).ToListAsync(cancellationToken))
            .GroupBy(e => e.InvoiceLineId).ToList();
        EntryCounts = entries.ToDictionary(g => g.Key, g => g.Count());
        Entries = entries.ToDictionary(g => g.Key, g => g.OrderBy(e => e.Date).ThenBy(e => e.Id).Take(EntriesShown).ToList());
        var users = Entries.Values.SelectMany(x => x).Select(e => e.UserId).Distinct().ToList();
        Members = await db.Users.Where(u => users.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        Documents = (await db.Set<InvoiceDocument>().Where(d => d.InvoiceId == id).Select(d => d.Format).ToListAsync(cancellationToken)).ToHashSet();
        Today = await terms.TodayAsync(cancellationToken);
        Payments = await db.Set<Payment>().AsNoTracking().Where(p => p.InvoiceId == id).OrderBy(p => p.PaidOn).ThenBy(p => p.RecordedAt).ToListAsync(cancellationToken);
        Reminders = await db.Set<InvoiceReminder>().AsNoTracking().Where(r => r.InvoiceId == id).OrderBy(r => r.Level).ToListAsync(cancellationToken);
        CreditNotes = await db.Set<Invoice>().AsNoTracking().Where(c => c.CorrectsInvoiceId == id && c.Number != null).OrderBy(c => c.IssuedAt).ToListAsync(cancellationToken);
        Corrected = Invoice.CorrectsInvoiceId is { } corrected ? await db.Set<Invoice>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == corrected, cancellationToken) : null;
        if (Invoice.Kind == DocumentKind.Invoice && Invoice.Number is not null)
        {
            Creditable = await corrections.CreditableAsync(id, cancellationToken);
        }

        if (Payment.Amount == 0 && Invoice.Number is not null)
        {
            Payment = new PaymentInput { Amount = Math.Max(0, InvoiceBalances.Open(Invoice)) / (decimal)Currencies.Factor(Invoice.Currency), PaidOn = Today };
        }
    }

    public sealed class LineInput
    {
        public LineKind Kind { get; set; } = LineKind.Fee;

        public string? Description { get; set; }

        public decimal Quantity { get; set; } = 1;

        public decimal UnitPrice { get; set; }
    }

    public sealed class PaymentInput
    {
        public decimal Amount { get; set; }

        public DateOnly PaidOn { get; set; }

        public PaymentMethod Method { get; set; }

        public string? Reference { get; set; }
    }

    public sealed class CreditInput
    {
        public List<CreditLine> Lines { get; set; } = [];
    }

    public sealed class CreditLine
    {
        public Guid LineId { get; set; }

        public decimal? Amount { get; set; }
    }

    [RequiresPermission(BillingPermissions.Issue)]
    public sealed record RecordPayment(Guid InvoiceId, PaymentInput Payment) : IRequest;

    [RequiresPermission(BillingPermissions.Issue)]
    public sealed record DeletePayment(Guid InvoiceId, Guid PaymentId) : IRequest;

    [RequiresPermission(BillingPermissions.Cancel)]
    public sealed record CancelInvoice(Guid InvoiceId, bool ReleaseTime) : IRequest<Invoice>;

    [RequiresPermission(BillingPermissions.Cancel)]
    public sealed record CreditLines(Guid InvoiceId, CreditInput Credit) : IRequest<Invoice>;

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

    public sealed class Handlers(DraftEditing drafts, InvoiceIssuing issuing, InvoiceSending sending, BillingTerms terms, Payments payments, Corrections corrections, AppDbContext db,
        IStringLocalizer<SharedResource> l)
        : IRequestHandler<AddLine>, IRequestHandler<RemoveLine>, IRequestHandler<SetTerms>, IRequestHandler<DeleteDraft>, IRequestHandler<IssueInvoice, string>, IRequestHandler<SendInvoice, int>,
          IRequestHandler<RecordPayment>, IRequestHandler<DeletePayment>, IRequestHandler<CancelInvoice, Invoice>, IRequestHandler<CreditLines, Invoice>
    {
        public async ValueTask<Unit> Handle(RecordPayment command, CancellationToken cancellationToken)
        {
            var p = command.Payment;
            await payments.RecordAsync(command.InvoiceId, p.Amount, p.PaidOn, p.Method, p.Reference, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(DeletePayment command, CancellationToken cancellationToken)
        {
            await payments.DeleteAsync(command.InvoiceId, command.PaymentId, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Invoice> Handle(CancelInvoice command, CancellationToken cancellationToken) =>
            await corrections.CancelAsync(command.InvoiceId, command.ReleaseTime, cancellationToken);

        public async ValueTask<Invoice> Handle(CreditLines command, CancellationToken cancellationToken)
        {
            var currency = await db.Set<Invoice>().Where(i => i.Id == command.InvoiceId).Select(i => i.Currency).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Invoice");
            var factor = Currencies.Factor(currency);
            var amounts = new Dictionary<Guid, long>();
            foreach (var line in command.Credit.Lines.Where(x => x.Amount is not null))
            {
                var minor = line.Amount!.Value * factor;
                if (decimal.Round(minor) != minor || minor < 0 || line.Amount > InvoiceLimits.MaxAmount)
                {
                    throw new ValidationFailedException("", l["Enter amounts of at least 0 with at most {0} decimals.", Currencies.Exponent(currency)]);
                }

                amounts[line.LineId] = amounts.GetValueOrDefault(line.LineId) + (long)minor;
            }

            return await corrections.CreditAsync(command.InvoiceId, amounts, cancellationToken);
        }

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
