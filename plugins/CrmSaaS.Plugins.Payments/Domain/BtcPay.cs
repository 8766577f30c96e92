using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Contracts;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Payments.Domain;

/// <summary>A BTCPay Server invoice as the Greenfield API returns it (the fields this product reads).</summary>
public sealed record BtcPayInvoice(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("additionalStatus")] string? AdditionalStatus,
    [property: JsonPropertyName("amount")] string Amount,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("checkoutLink")] string? CheckoutLink,
    [property: JsonPropertyName("metadata")] Dictionary<string, JsonElement>? Metadata)
{
    public string? Meta(string key) => Metadata is not null && Metadata.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// A small typed client of BTCPay Server's Greenfield API (no client package is served): create an
/// invoice, read one back, read the store (for "test connection"). Authorization is the store's API key.
/// </summary>
public sealed class BtcPayClient(IHttpClientFactory http)
{
    public const string HttpClientName = "btcpay";

    private HttpClient Client(ProviderCredentials account)
    {
        var client = http.CreateClient(HttpClientName);
        client.BaseAddress = new Uri(account.ServerUrl!.TrimEnd('/') + "/");
        client.Timeout = TimeSpan.FromSeconds(20);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", account.ApiKey);
        return client;
    }

    public async Task<BtcPayInvoice> CreateInvoiceAsync(ProviderCredentials account, long minor, string currency, IReadOnlyDictionary<string, string> metadata, string redirectUrl,
        CancellationToken cancellationToken)
    {
        var amount = (minor / (decimal)Currencies.Factor(currency)).ToString(CultureInfo.InvariantCulture);
        using var response = await Client(account).PostAsJsonAsync($"api/v1/stores/{Uri.EscapeDataString(account.StoreId!)}/invoices",
            new { amount, currency, metadata, checkout = new { redirectURL = redirectUrl, redirectAutomatically = true } }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<BtcPayInvoice>(cancellationToken) ?? throw new HttpRequestException("BTCPay Server answered no invoice.");
    }

    public async Task<BtcPayInvoice?> InvoiceAsync(ProviderCredentials account, string invoiceId, CancellationToken cancellationToken)
    {
        using var response = await Client(account).GetAsync($"api/v1/stores/{Uri.EscapeDataString(account.StoreId!)}/invoices/{Uri.EscapeDataString(invoiceId)}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<BtcPayInvoice>(cancellationToken);
    }

    public async Task<bool> TestAsync(ProviderCredentials account, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client(account).GetAsync($"api/v1/stores/{Uri.EscapeDataString(account.StoreId!)}", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}

/// <summary>A BTCPay webhook is the store's when <c>BTCPay-Sig: sha256=HEX</c> is the HMAC-SHA256 of the raw body with the team's webhook secret (compared in constant time).</summary>
public sealed class BtcPaySignatureVerifier(ProviderAccounts accounts) : IWebhookSignatureVerifier
{
    public async Task<bool> VerifyAsync(HttpRequest request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var header = request.Headers["BTCPay-Sig"].ToString();
        if (!header.StartsWith("sha256=", StringComparison.Ordinal) || await accounts.CredentialsAsync(PaymentProvider.BtcPay, cancellationToken) is not { } btcpay)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header["sha256=".Length..]);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Signature(btcpay.WebhookSecret, body.Span), given);
    }

    /// <summary>What BTCPay Server signs a delivery with: HMAC-SHA256 of the raw body, keyed with the webhook secret.</summary>
    public static byte[] Signature(string secret, ReadOnlySpan<byte> body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
}

/// <summary>A Greenfield webhook delivery (the fields read from it; the invoice itself is fetched again).</summary>
public sealed record BtcPayDelivery(
    [property: JsonPropertyName("deliveryId")] string? DeliveryId,
    [property: JsonPropertyName("originalDeliveryId")] string? OriginalDeliveryId,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("invoiceId")] string? InvoiceId,
    [property: JsonPropertyName("storeId")] string? StoreId);

/// <summary>
/// Takes in a BTCPay delivery once (by its original delivery id, so redeliveries are the same), fetches
/// the invoice again and trusts only its own status: Settled records the payment (once per BTCPay
/// invoice), a partial, excess or late payment waits for a manager's review, Expired and Invalid close
/// the attempt. The invoice's metadata must name this team and one of its invoices.
/// </summary>
[ActsAs("payments webhook", OnlinePaymentPermissions.Record)]
public sealed class BtcPayWebhooks(AppDbContext db, WebhookInbox inbox, IMediator mediator, ProviderAccounts accounts, BtcPayClient btcpay, ITenantContext tenant,
    TimeProvider clock)
{
    public const string Provider = "btcpay";

    public static void Map(PluginEndpoints endpoints) =>
        endpoints.MapSignedWebhook<BtcPaySignatureVerifier>("/payments/webhooks/btcpay",
            async (HttpContext http, BtcPayWebhooks webhooks, CancellationToken ct) => Results.Ok(await webhooks.HandleAsync(http.WebhookBody().Text, ct)));

    public async Task<WebhookResult> HandleAsync(string json, CancellationToken cancellationToken)
    {
        BtcPayDelivery? delivery;
        try
        {
            delivery = JsonSerializer.Deserialize<BtcPayDelivery>(json);
        }
        catch (JsonException)
        {
            delivery = null;
        }

        if ((delivery?.OriginalDeliveryId ?? delivery?.DeliveryId) is not { Length: > 0 } eventId)
        {
            throw new ValidationFailedException("", "The body is not a BTCPay Server webhook delivery.");
        }

        using var actor = SystemActor.Begin(typeof(BtcPayWebhooks));
        return await inbox.TakeOnceAsync(PaymentProvider.BtcPay, eventId, delivery!.Type ?? "", ct => ApplyAsync(delivery, ct), cancellationToken);
    }

    private async Task<string> ApplyAsync(BtcPayDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.InvoiceId is not { Length: > 0 } btcpayInvoice || await accounts.CredentialsAsync(PaymentProvider.BtcPay, cancellationToken) is not { } account)
        {
            return "ignored: no invoice";
        }

        BtcPayInvoice? current;
        try
        {
            current = await btcpay.InvoiceAsync(account, btcpayInvoice, cancellationToken);
        }
        catch (HttpRequestException)
        {
            // Not recorded as received: BTCPay delivers again, and the invoice is read then.
            throw new ValidationFailedException("", "BTCPay Server could not be asked for the invoice; deliver again later.");
        }

        if (current is null || current.Meta("team") != tenant.Tenant!.Id.ToString() || !Guid.TryParse(current.Meta("invoice"), out var invoiceId))
        {
            return "ignored: not this team's invoice";
        }

        var attempt = await db.Set<PaymentAttempt>().SingleOrDefaultAsync(a => a.Provider == PaymentProvider.BtcPay && a.ProviderId == current.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (current.Status, current.AdditionalStatus)
        {
            case ("Settled", null or "None" or "Marked"):
                if (!decimal.TryParse(current.Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                {
                    return "ignored: unreadable amount";
                }

                var minor = (long)Math.Round(amount * Currencies.Factor(current.Currency), 0, MidpointRounding.AwayFromZero);
                var result = await mediator.Send(new RecordProviderPayment(invoiceId, minor, current.Currency.ToUpperInvariant(), Provider, current.Id, DateOnly.FromDateTime(now)), cancellationToken);
                Close(attempt, AttemptStatus.Paid, now);
                await db.SaveChangesAsync(cancellationToken);
                return result == ProviderPaymentOutcome.Recorded ? "recorded" : "already recorded";
            case (_, "PaidPartial" or "PaidOver" or "PaidLate"):
                if (attempt is not null && attempt.Status != AttemptStatus.Paid)
                {
                    attempt.Status = AttemptStatus.Review;
                    attempt.ReviewReason = current.AdditionalStatus;
                    await db.SaveChangesAsync(cancellationToken);
                }

                return "to review: " + current.AdditionalStatus;
            case ("Expired" or "Invalid", _):
                Close(attempt, current.Status == "Expired" ? AttemptStatus.Expired : AttemptStatus.Failed, now);
                await db.SaveChangesAsync(cancellationToken);
                return "attempt closed";
            default:
                return "waiting: " + current.Status;
        }
    }

    private static void Close(PaymentAttempt? attempt, AttemptStatus status, DateTime at)
    {
        if (attempt is not null && attempt.Status is AttemptStatus.Open or AttemptStatus.Review)
        {
            attempt.Status = status;
            attempt.ClosedAt = at;
        }
    }
}
