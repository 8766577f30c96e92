using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Payments.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Payments.Areas.Payments.Pages;

/// <summary>
/// Online payments a provider reported as partial, excess or late: a manager records what arrived (any
/// amount above 0, once per provider payment) or dismisses the attempt. Both are in the audit log.
/// </summary>
[RequiresPermission(PaymentsPermissions.Review)]
[ActsAs("payments review", OnlinePaymentPermissions.Record)]
public sealed class ReviewsModel(IMediator mediator, AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    public IReadOnlyList<Row> Attempts { get; private set; } = [];

    [BindProperty]
    public decimal Amount { get; set; }

    public sealed record Row(PaymentAttempt Attempt, string Number, Money Expected, Money Open);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var attempts = await db.Set<PaymentAttempt>().AsNoTracking().Where(a => a.Status == AttemptStatus.Review).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        var rows = new List<Row>();
        foreach (var attempt in attempts)
        {
            if (await PayableAsync(attempt.InvoiceId, cancellationToken) is { } invoice)
            {
                rows.Add(new Row(attempt, invoice.Number, new Money(attempt.AmountMinor, attempt.Currency), new Money(invoice.OpenMinor, invoice.Currency)));
            }
        }

        Attempts = rows;
    }

    public Task ReloadAsync() => OnGetAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostRecordAsync(Guid attemptId, CancellationToken cancellationToken)
    {
        var attempt = await db.Set<PaymentAttempt>().SingleOrDefaultAsync(a => a.Id == attemptId && a.Status == AttemptStatus.Review, cancellationToken) ?? throw new NotFoundException("Payment attempt");
        var factor = Currencies.Factor(attempt.Currency);
        if (Amount <= 0 || Amount > 1_000_000_000m || decimal.Round(Amount * factor) != Amount * factor)
        {
            throw new ValidationFailedException(nameof(Amount), l["Enter an amount above 0 in {0} with at most {1} decimals.", attempt.Currency, Currencies.Exponent(attempt.Currency)]);
        }

        using (SystemActor.Begin(typeof(ReviewsModel)))
        {
            await mediator.Send(new RecordProviderPayment(attempt.InvoiceId, (long)(Amount * factor), attempt.Currency, attempt.Provider == PaymentProvider.Stripe ? StripeWebhooks.Provider : BtcPayWebhooks.Provider,
                attempt.ProviderId ?? attempt.Id.ToString(), DateOnly.FromDateTime(attempt.CreatedAt)), cancellationToken);
        }

        await CloseAsync(attempt, AttemptStatus.Paid, cancellationToken);
        TempData["Flash"] = l["Payment recorded."].Value;
        return RedirectToPage("/Reviews", new { area = "Payments" });
    }

    public async Task<IActionResult> OnPostDismissAsync(Guid attemptId, CancellationToken cancellationToken)
    {
        var attempt = await db.Set<PaymentAttempt>().SingleOrDefaultAsync(a => a.Id == attemptId && a.Status == AttemptStatus.Review, cancellationToken) ?? throw new NotFoundException("Payment attempt");
        await CloseAsync(attempt, AttemptStatus.Failed, cancellationToken);
        TempData["Flash"] = l["Dismissed; nothing was recorded."].Value;
        return RedirectToPage("/Reviews", new { area = "Payments" });
    }

    /// <summary>Closed as the manager, so the audit log names them.</summary>
    private async Task CloseAsync(PaymentAttempt attempt, AttemptStatus status, CancellationToken cancellationToken)
    {
        attempt.Status = status;
        attempt.ClosedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<PayableInvoice?> PayableAsync(Guid invoiceId, CancellationToken cancellationToken)
    {
        using (SystemActor.Begin(typeof(ReviewsModel)))
        {
            return await mediator.Send(new PayableInvoiceQuery(invoiceId), cancellationToken);
        }
    }
}
