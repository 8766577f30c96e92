using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Payments.Domain;
using CrmSaaS.Plugins.Projects.Contracts;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Payments.Areas.Payments.Pages.Pay;

/// <summary>
/// A billing contact of a client pays one of its invoices: what is open, and the ways the client may pay
/// that the team has connected. Another client's invoice is "not found", like anything not theirs.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
[ActsAs("payments checkout", OnlinePaymentPermissions.Record)]
public sealed class IndexModel(IMediator mediator, PaymentCheckout checkout, ProviderAccounts accounts) : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)]
    public Guid InvoiceId { get; set; }

    /// <summary>Back from Stripe's checkout page.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Returned { get; set; }

    public PayableInvoice Invoice { get; private set; } = null!;

    public bool CardReady { get; private set; }

    public bool CryptoReady { get; private set; }

    /// <summary>The account, reference and GiroCode for paying by bank transfer, when the client may and the team has an account.</summary>
    public BankTransferDetails? BankTransfer { get; private set; }

    /// <summary>A way offered here pays through TEST MODE's fake provider.</summary>
    public bool TestMode { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Invoice = await PayableAsync(cancellationToken);
        var ready = await accounts.ReadyAsync(cancellationToken);
        CardReady = Invoice.AcceptCard && ready.ContainsKey(PaymentProvider.Stripe);
        CryptoReady = Invoice.AcceptCrypto && ready.ContainsKey(PaymentProvider.BtcPay);
        TestMode = (CardReady && ready[PaymentProvider.Stripe]) || (CryptoReady && ready[PaymentProvider.BtcPay]);
        if (Invoice.AcceptBankTransfer && Invoice.OpenMinor > 0)
        {
            using (SystemActor.Begin(typeof(IndexModel)))
            {
                BankTransfer = await mediator.Send(new BankTransferQuery(InvoiceId), cancellationToken);
            }
        }
    }

    /// <summary>The QR code as one SVG path of unit squares (a quiet zone of four around it).</summary>
    public static (int Size, string Path) QrSvg(bool[][] modules)
    {
        var path = new System.Text.StringBuilder();
        for (var y = 0; y < modules.Length; y++)
        {
            for (var x = 0; x < modules[y].Length; x++)
            {
                if (modules[y][x])
                {
                    path.Append(System.Globalization.CultureInfo.InvariantCulture, $"M{x + 4} {y + 4}h1v1h-1z");
                }
            }
        }

        return (modules.Length + 8, path.ToString());
    }

    /// <summary>What a provider's confirmation changes here (see <see cref="Kernel.Htmx.LiveRefresh"/>).</summary>
    public static string Stamp(PayableInvoice invoice) => $"{invoice.Status}.{invoice.OpenMinor}";

    public async Task<IActionResult> OnGetLiveAsync(string? stamp, CancellationToken cancellationToken) =>
        Kernel.Htmx.LiveRefresh.Answer(Response, Stamp(await PayableAsync(cancellationToken)), stamp);

    public Task ReloadAsync() => OnGetAsync(HttpContext.RequestAborted);

    public Task<IActionResult> OnPostCardAsync(CancellationToken cancellationToken) => StartAsync(PaymentProvider.Stripe, cancellationToken);

    public Task<IActionResult> OnPostCryptoAsync(CancellationToken cancellationToken) => StartAsync(PaymentProvider.BtcPay, cancellationToken);

    /// <summary>Sends the payer to the provider's checkout page, which returns them here.</summary>
    private async Task<IActionResult> StartAsync(PaymentProvider provider, CancellationToken cancellationToken)
    {
        var invoice = await PayableAsync(cancellationToken);
        var here = $"{Request.Scheme}://{Request.Host}/portal/invoices/{InvoiceId}/pay";
        return Redirect(await checkout.StartAsync(invoice, provider, here + "?returned=true", here, cancellationToken));
    }

    /// <summary>The invoice, when the contact is a billing contact of its client.</summary>
    private async Task<PayableInvoice> PayableAsync(CancellationToken cancellationToken)
    {
        PayableInvoice? invoice;
        using (SystemActor.Begin(typeof(IndexModel)))
        {
            invoice = await mediator.Send(new PayableInvoiceQuery(InvoiceId), cancellationToken);
        }

        if (invoice is null || !(await mediator.Send(new MyBillingClientsQuery(), cancellationToken)).Contains(invoice.ClientId))
        {
            throw new NotFoundException("Invoice");
        }

        return invoice;
    }
}
