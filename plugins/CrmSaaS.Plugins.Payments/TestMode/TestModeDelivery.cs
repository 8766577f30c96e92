using System.Text;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Payments.Domain;
using Microsoft.AspNetCore.Http;
using Stripe;

namespace CrmSaaS.Plugins.Payments.TestMode;

/// <summary>
/// Delivers what a TEST MODE provider would send as a webhook, signed as the provider signs (Stripe's
/// signature header, BTCPay's HMAC) with the team's test secret, and passed through the same signature
/// check and handler as a delivery over the internet.
/// </summary>
public sealed class TestModeDelivery(PaymentsTestMode testMode, ITenantContext tenant, StripeSignatureVerifier stripeVerifier, StripeWebhooks stripe,
    BtcPaySignatureVerifier btcpayVerifier, BtcPayWebhooks btcpay, TimeProvider clock)
{
    public async Task<WebhookResult> StripeAsync(string json, CancellationToken cancellationToken)
    {
        var secret = testMode.Credentials(tenant.Tenant!.Id, PaymentProvider.Stripe).WebhookSecret;
        var request = new DefaultHttpContext().Request;
        request.Headers["Stripe-Signature"] = EventUtility.GenerateSignatureHeader(json, secret, clock.GetUtcNow().ToUnixTimeSeconds());
        return await stripeVerifier.VerifyAsync(request, Encoding.UTF8.GetBytes(json), cancellationToken)
            ? await stripe.HandleAsync(json, cancellationToken)
            : throw new InvalidOperationException("The TEST MODE Stripe event did not verify.");
    }

    public async Task<WebhookResult> BtcPayAsync(string json, CancellationToken cancellationToken)
    {
        var secret = testMode.Credentials(tenant.Tenant!.Id, PaymentProvider.BtcPay).WebhookSecret;
        var body = Encoding.UTF8.GetBytes(json);
        var request = new DefaultHttpContext().Request;
        request.Headers["BTCPay-Sig"] = "sha256=" + Convert.ToHexStringLower(BtcPaySignatureVerifier.Signature(secret, body));
        return await btcpayVerifier.VerifyAsync(request, body, cancellationToken)
            ? await btcpay.HandleAsync(json, cancellationToken)
            : throw new InvalidOperationException("The TEST MODE BTCPay delivery did not verify.");
    }
}
