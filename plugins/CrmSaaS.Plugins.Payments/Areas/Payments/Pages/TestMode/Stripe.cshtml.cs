using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Payments.Domain;
using CrmSaaS.Plugins.Payments.TestMode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Plugins.Payments.Areas.Payments.Pages.TestMode;

/// <summary>
/// TEST MODE's stand-in for Stripe's checkout page: the session's amount, "pay" (the fake Stripe charges
/// nothing, records the payment and sends its signed event) or "cancel". Only this team's test sessions;
/// nothing at all outside TEST MODE.
/// </summary>
[RequiresPermission(PortalPermissions.Access)]
public sealed class StripeModel(PaymentsTestMode testMode, ITenantContext tenant, TestModeDelivery delivery) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string SessionId { get; set; } = "";

    public Money Amount { get; private set; }

    public string Number { get; private set; } = "";

    public string CancelUrl { get; private set; } = "";

    public IActionResult OnGet() => Load() is { } session ? Page() : NotFound();

    public async Task<IActionResult> OnPostPayAsync(CancellationToken cancellationToken)
    {
        if (Load() is not { } session)
        {
            return NotFound();
        }

        if ((string?)session["status"] == "open")
        {
            await delivery.StripeAsync(testMode.Stripe.Pay(SessionId), cancellationToken);
        }

        return Redirect(session["success_url"]!.GetValue<string>());
    }

    private System.Text.Json.Nodes.JsonObject? Load()
    {
        if (!testMode.Enabled || testMode.Stripe.Session(SessionId) is not { } session
            || testMode.Stripe.Owner(SessionId) != testMode.Credentials(tenant.Tenant!.Id, PaymentProvider.Stripe).ApiKey)
        {
            return null;
        }

        Amount = new Money(session["amount_total"]!.GetValue<long>(), session["currency"]!.GetValue<string>().ToUpperInvariant());
        Number = (string?)session["metadata"]?["orderId"] ?? "";
        CancelUrl = (string?)session["cancel_url"] ?? "/portal";
        return session;
    }
}
