using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Payments.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Plugins.Payments.Areas.Payments.Pages;

/// <summary>
/// Refunds a card payment of an invoice, whole or in part, through Stripe. The form carries the id the
/// refund is made under, so sending it twice is one refund; the invoice reopens by what is refunded.
/// </summary>
[RequiresPermission(PaymentsPermissions.Refund)]
[ActsAs("payments refund", OnlinePaymentPermissions.Record)]
public sealed class RefundModel(IMediator mediator, StripeRefunds refunds, Microsoft.Extensions.Localization.IStringLocalizer<Kernel.Localization.SharedResource> l) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid InvoiceId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid PaymentId { get; set; }

    [BindProperty]
    public Guid RequestId { get; set; }

    [BindProperty]
    public decimal Amount { get; set; }

    public ProviderPayment Payment { get; private set; } = null!;

    public Money Refundable => new(Payment.AmountMinor - Payment.RefundedMinor, Payment.Currency);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Payment = await PaymentAsync(cancellationToken);
        RequestId = Guid.NewGuid();
        Amount = Refundable.MinorUnits / (decimal)Currencies.Factor(Payment.Currency);
    }

    public async Task ReloadAsync() => Payment = await PaymentAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Payment = await PaymentAsync(cancellationToken);
        if (!ModelState.IsValid || RequestId == Guid.Empty)
        {
            throw new Kernel.Validation.ValidationFailedException(nameof(Amount), l["Enter an amount above 0 and at most {0}.", Refundable.Format()]);
        }

        await refunds.RefundAsync(RequestId, Payment, Amount, cancellationToken);

        return Redirect($"/billing/invoices/{InvoiceId}#online-payments");
    }

    /// <summary>The provider payment of this team's invoice, or "not found".</summary>
    private async Task<ProviderPayment> PaymentAsync(CancellationToken cancellationToken)
    {
        using (SystemActor.Begin(typeof(RefundModel)))
        {
            return (await mediator.Send(new ProviderPaymentsQuery(InvoiceId), cancellationToken)).SingleOrDefault(p => p.PaymentId == PaymentId) ?? throw new NotFoundException("Payment");
        }
    }
}
