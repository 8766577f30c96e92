using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CrmSaaS.Plugins.Payments.TestMode;

/// <summary>
/// The parts of BTCPay Server's Greenfield API this product calls, answered in process, for tests and
/// TEST MODE: a store, invoices created and read back. What the payer does is <see cref="Set"/> (the
/// status the server then reports: Settled, or Processing/Expired with PaidPartial, PaidOver,
/// PaidLate), and <see cref="Delivery"/> is the webhook body the server would send about it.
/// </summary>
public sealed class FakeBtcPayServer(Func<string, bool> acceptsKey) : HttpMessageHandler
{
    /// <summary>The checkout page an invoice's link points to, under the origin of its redirect URL.</summary>
    public const string CheckoutPath = "/portal/test-mode/btcpay/";

    public ConcurrentDictionary<string, JsonObject> Invoices { get; } = new();

    /// <summary>Sets what the server says of an invoice from now on.</summary>
    public void Set(string invoiceId, string status, string additionalStatus = "None")
    {
        lock (Invoices[invoiceId])
        {
            (Invoices[invoiceId]["status"], Invoices[invoiceId]["additionalStatus"]) = (status, additionalStatus);
        }
    }

    /// <summary>A Greenfield webhook delivery about the invoice (the server's type names it; the receiver reads the invoice again).</summary>
    public static string Delivery(string invoiceId, string storeId, string type, DateTimeOffset at) => new JsonObject
    {
        ["deliveryId"] = "D" + Guid.NewGuid().ToString("N")[..20], ["webhookId"] = "W1", ["originalDeliveryId"] = null, ["isRedelivery"] = false,
        ["type"] = type, ["timestamp"] = at.ToUnixTimeSeconds(), ["storeId"] = storeId, ["invoiceId"] = invoiceId,
    }.ToJsonString();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is not { Scheme: "token", Parameter: { } key } || !acceptsKey(key))
        {
            return Json(HttpStatusCode.Unauthorized, new JsonObject { ["code"] = "unauthenticated" });
        }

        var parts = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        switch (request.Method.Method, parts)
        {
            case ("GET", ["api", "v1", "stores", var store]):
                return Json(HttpStatusCode.OK, new JsonObject { ["id"] = store, ["name"] = "Test store" });
            case ("POST", ["api", "v1", "stores", var store, "invoices"]):
                var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
                var id = "BTC" + Guid.NewGuid().ToString("N")[..16];
                var redirect = body["checkout"]?["redirectURL"]?.GetValue<string>() is { } url ? new Uri(url).GetLeftPart(UriPartial.Authority) : "https://btcpay.test";
                var invoice = new JsonObject
                {
                    ["id"] = id, ["storeId"] = store, ["status"] = "New", ["additionalStatus"] = "None", ["amount"] = body["amount"]!.GetValue<string>(),
                    ["currency"] = body["currency"]!.GetValue<string>(), ["checkoutLink"] = redirect + CheckoutPath + id, ["metadata"] = body["metadata"]!.DeepClone(),
                    ["redirectURL"] = body["checkout"]?["redirectURL"]?.DeepClone(),
                };
                Invoices[id] = invoice;
                return Json(HttpStatusCode.OK, invoice);
            case ("GET", ["api", "v1", "stores", _, "invoices", var invoiceId]):
                if (!Invoices.TryGetValue(invoiceId, out var found))
                {
                    return Json(HttpStatusCode.NotFound, new JsonObject { ["code"] = "invoice-not-found" });
                }

                lock (found)
                {
                    return Json(HttpStatusCode.OK, found.DeepClone());
                }

            default:
                return Json(HttpStatusCode.NotFound, new JsonObject { ["code"] = "not-found" });
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}
