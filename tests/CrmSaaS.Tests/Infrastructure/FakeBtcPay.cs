using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmSaaS.Tests.Infrastructure;

/// <summary>
/// The parts of BTCPay Server's Greenfield API the product calls, answered in process: a store
/// (API key "btcpay-good…" works), invoices created and read back, whose status a test sets as the
/// server would after the payer paid (Settled, or Processing with PaidPartial, PaidOver, PaidLate).
/// </summary>
public sealed class FakeBtcPay : HttpMessageHandler
{
    public ConcurrentDictionary<string, JsonObject> Invoices { get; } = new();

    /// <summary>Sets what the server says of an invoice from now on.</summary>
    public void Set(string invoiceId, string status, string additionalStatus = "None") =>
        (Invoices[invoiceId]["status"], Invoices[invoiceId]["additionalStatus"]) = (status, additionalStatus);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is not { Scheme: "token", Parameter: { } key } || !key.StartsWith("btcpay-good", StringComparison.Ordinal))
        {
            return Json(HttpStatusCode.Unauthorized, new JsonObject { ["code"] = "unauthenticated" });
        }

        var parts = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        // api/v1/stores/{store}[/invoices[/{id}]]
        if (parts is not ["api", "v1", "stores", _, ..])
        {
            return Json(HttpStatusCode.NotFound, new JsonObject { ["code"] = "not-found" });
        }

        if (parts.Length == 4 && request.Method == HttpMethod.Get)
        {
            return Json(HttpStatusCode.OK, new JsonObject { ["id"] = parts[3], ["name"] = "Fake store" });
        }

        if (parts.Length == 5 && parts[4] == "invoices" && request.Method == HttpMethod.Post)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            var id = "BTC" + Guid.NewGuid().ToString("N")[..16];
            var invoice = new JsonObject
            {
                ["id"] = id, ["status"] = "New", ["additionalStatus"] = "None", ["amount"] = body["amount"]!.GetValue<string>(), ["currency"] = body["currency"]!.GetValue<string>(),
                ["checkoutLink"] = $"https://btcpay.test/i/{id}", ["metadata"] = body["metadata"]!.DeepClone(),
            };
            Invoices[id] = invoice;
            return Json(HttpStatusCode.OK, invoice);
        }

        if (parts.Length == 6 && parts[4] == "invoices" && request.Method == HttpMethod.Get)
        {
            return Invoices.TryGetValue(parts[5], out var invoice) ? Json(HttpStatusCode.OK, invoice) : Json(HttpStatusCode.NotFound, new JsonObject { ["code"] = "invoice-not-found" });
        }

        return Json(HttpStatusCode.NotFound, new JsonObject { ["code"] = "not-found" });
    }

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}
