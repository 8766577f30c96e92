using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace CrmSaaS.Tests.Infrastructure;

/// <summary>
/// The parts of Stripe's API the product calls, answered in process: the balance (for "test
/// connection": keys starting <c>rk_test_good</c> or <c>sk_test_good</c> work, others get 401), and
/// Checkout Sessions, which, like Stripe, answer a repeated idempotency key with the same session.
/// </summary>
public sealed class FakeStripe : HttpMessageHandler
{
    public ConcurrentDictionary<string, string> SessionsByIdempotencyKey { get; } = new();

    /// <summary>Each created session's form fields, in order of creation.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Created { get; } = new();

    /// <summary>When set, creating a session fails as Stripe does when it is down.</summary>
    public bool Down { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.Headers.Authorization?.Parameter ?? "";
        if (!key.StartsWith("rk_test_good", StringComparison.Ordinal) && !key.StartsWith("sk_test_good", StringComparison.Ordinal))
        {
            return Json(HttpStatusCode.Unauthorized, new { error = new { type = "invalid_request_error", message = "Invalid API Key provided." } });
        }

        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Get && path == "/v1/balance")
        {
            return Json(HttpStatusCode.OK, new { @object = "balance", available = Array.Empty<object>(), pending = Array.Empty<object>(), livemode = false });
        }

        if (request.Method == HttpMethod.Post && path == "/v1/checkout/sessions")
        {
            if (Down)
            {
                return Json(HttpStatusCode.InternalServerError, new { error = new { type = "api_error", message = "Stripe is down." } });
            }

            var form = (await request.Content!.ReadAsStringAsync(cancellationToken)).Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : ""));
            var idempotency = request.Headers.TryGetValues("Idempotency-Key", out var values) ? values.Single() : Guid.NewGuid().ToString();
            var id = SessionsByIdempotencyKey.GetOrAdd(idempotency, _ =>
            {
                Created.Enqueue(form);
                return "cs_test_" + Guid.NewGuid().ToString("N");
            });
            return Json(HttpStatusCode.OK, new { id, @object = "checkout.session", url = $"https://checkout.stripe.test/c/pay/{id}", mode = "payment", payment_status = "unpaid", status = "open" });
        }

        return Json(HttpStatusCode.NotFound, new { error = new { type = "invalid_request_error", message = $"Unrecognized request URL ({request.Method}: {path})." } });
    }

    private static HttpResponseMessage Json(HttpStatusCode status, object body) =>
        new(status) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
}
