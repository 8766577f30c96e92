using System.Text.Json.Nodes;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Payments.Domain;
using CrmSaaS.Plugins.Payments.TestMode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Plugins.Payments.Areas.Payments.Pages.TestMode;

/// <summary>
/// TEST MODE's stand-in for BTCPay Server's checkout: pay the invoice in full (the fake server settles it
/// and sends its signed webhook) or pay only part (the server reports PaidPartial, for a manager's review).
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed class BtcPayModel(PaymentsTestMode testMode, ITenantContext tenant, TestModeDelivery delivery, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string InvoiceId { get; set; } = "";

    public string Amount { get; private set; } = "";

    public string Number { get; private set; } = "";

    public IActionResult OnGet() => Load() is not null ? Page() : NotFound();

    public Task<IActionResult> OnPostPayAsync(CancellationToken cancellationToken) => SettleAsync("Settled", "None", "InvoiceSettled", cancellationToken);

    public Task<IActionResult> OnPostPartAsync(CancellationToken cancellationToken) => SettleAsync("Expired", "PaidPartial", "InvoiceExpired", cancellationToken);

    private async Task<IActionResult> SettleAsync(string status, string additional, string type, CancellationToken cancellationToken)
    {
        if (Load() is not { } invoice)
        {
            return NotFound();
        }

        if ((string?)invoice["status"] == "New")
        {
            testMode.BtcPay.Set(InvoiceId, status, additional);
            await delivery.BtcPayAsync(FakeBtcPayServer.Delivery(InvoiceId, (string)invoice["storeId"]!, type, clock.GetUtcNow()), cancellationToken);
        }

        return Redirect((string?)invoice["redirectURL"] ?? "/portal");
    }

    private JsonObject? Load()
    {
        if (!testMode.Enabled || !testMode.BtcPay.Invoices.TryGetValue(InvoiceId, out var invoice)
            || (string?)invoice["storeId"] != testMode.Credentials(tenant.Tenant!.Id, PaymentProvider.BtcPay).StoreId)
        {
            return null;
        }

        Amount = $"{(string?)invoice["amount"]} {(string?)invoice["currency"]}";
        Number = (string?)invoice["metadata"]?["orderId"] ?? "";
        return invoice;
    }
}
