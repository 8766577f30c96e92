using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CrmSaaS.Plugins.Payments.TestMode;

/// <summary>
/// The parts of Stripe's API this product calls, answered in process, for tests and TEST MODE: the
/// balance ("test connection"), Checkout Sessions (a repeated idempotency key answers the same
/// session), payment intents with their charge and its balance transaction (the fee), refunds (whole
/// or part, idempotent) and the list of events. Every account (API key) sees only its own objects.
/// What a payer does on the checkout page is <see cref="Pay"/> or <see cref="Expire"/>; each change
/// adds the event Stripe would send, which the caller delivers (or loses) as a webhook.
/// </summary>
public sealed class FakeStripeServer(Func<string, bool> acceptsKey, TimeProvider clock) : HttpMessageHandler
{
    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refundsByIdempotencyKey = new(StringComparer.Ordinal);
    private readonly List<(string Key, JsonObject Event)> _events = [];

    /// <summary>The checkout page a session's URL points to, under the origin of its success URL.</summary>
    public const string CheckoutPath = "/portal/test-mode/stripe/";

    public ConcurrentDictionary<string, string> SessionsByIdempotencyKey { get; } = new();

    /// <summary>Each created session's form fields, in order of creation.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Created { get; } = new();

    /// <summary>When set, creating a session or a refund fails as Stripe does when it is down.</summary>
    public bool Down { get; set; }

    /// <summary>What a payment costs at this Stripe: 1.5 % (rounded half up) and 25 minor units.</summary>
    public static long FeeFor(long amount) => amount <= 0 ? 0 : (amount * 15 + 500) / 1000 + 25;

    /// <summary>A session as Stripe holds it now, or null.</summary>
    public JsonObject? Session(string sessionId)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(sessionId, out var session) && (string?)session["object"] == "checkout.session" ? (JsonObject)session.DeepClone() : null;
        }
    }

    /// <summary>The account (API key) a session belongs to, or null.</summary>
    public string? Owner(string objectId)
    {
        lock (_gate)
        {
            return _owners.GetValueOrDefault(objectId);
        }
    }

    /// <summary>The payer paid the session in full by card: a payment intent, its charge and fee; returns the <c>checkout.session.completed</c> event.</summary>
    public string Pay(string sessionId)
    {
        lock (_gate)
        {
            var session = _objects[sessionId];
            if ((string?)session["payment_status"] == "paid")
            {
                return _events.Last(e => e.Event["data"]!["object"]!["id"]!.GetValue<string>() == sessionId).Event.ToJsonString();
            }

            var key = _owners[sessionId];
            var amount = session["amount_total"]!.GetValue<long>();
            var currency = session["currency"]!.GetValue<string>();
            var suffix = sessionId["cs_test_".Length..];
            var transaction = Add(key, new JsonObject
            {
                ["id"] = "txn_" + suffix, ["object"] = "balance_transaction", ["amount"] = amount, ["fee"] = FeeFor(amount), ["net"] = amount - FeeFor(amount), ["currency"] = currency,
            });
            var charge = Add(key, new JsonObject
            {
                ["id"] = "ch_" + suffix, ["object"] = "charge", ["amount"] = amount, ["amount_refunded"] = 0L, ["currency"] = currency, ["paid"] = true, ["refunded"] = false,
                ["payment_intent"] = "pi_" + suffix, ["balance_transaction"] = transaction["id"]!.GetValue<string>(), ["metadata"] = session["metadata"]!.DeepClone(),
            });
            Add(key, new JsonObject
            {
                ["id"] = "pi_" + suffix, ["object"] = "payment_intent", ["amount"] = amount, ["amount_received"] = amount, ["currency"] = currency, ["status"] = "succeeded",
                ["latest_charge"] = charge["id"]!.GetValue<string>(), ["metadata"] = session["metadata"]!.DeepClone(),
            });
            session["payment_status"] = "paid";
            session["status"] = "complete";
            session["payment_intent"] = "pi_" + suffix;
            return Emit(key, "checkout.session.completed", session).ToJsonString();
        }
    }

    /// <summary>The session ran out unpaid: returns the <c>checkout.session.expired</c> event.</summary>
    public string Expire(string sessionId)
    {
        lock (_gate)
        {
            var session = _objects[sessionId];
            session["status"] = "expired";
            return Emit(_owners[sessionId], "checkout.session.expired", session).ToJsonString();
        }
    }

    /// <summary>The events of an account, oldest first (what Stripe sent, or would have).</summary>
    public IReadOnlyList<string> Events(string apiKey)
    {
        lock (_gate)
        {
            return _events.Where(e => e.Key == apiKey).Select(e => e.Event.ToJsonString()).ToList();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.Headers.Authorization?.Parameter ?? "";
        if (!acceptsKey(key))
        {
            return Error(HttpStatusCode.Unauthorized, "invalid_request_error", "Invalid API Key provided.");
        }

        var path = request.RequestUri!.AbsolutePath;
        var query = Form(request.RequestUri.Query.TrimStart('?'));
        var idempotency = request.Headers.TryGetValues("Idempotency-Key", out var values) ? values.Single() : Guid.NewGuid().ToString();
        var form = request.Content is null ? [] : Form(await request.Content.ReadAsStringAsync(cancellationToken));
        lock (_gate)
        {
            return (request.Method.Method, path.Split('/', StringSplitOptions.RemoveEmptyEntries)) switch
            {
                ("GET", ["v1", "balance"]) => Json(new JsonObject { ["object"] = "balance", ["available"] = new JsonArray(), ["pending"] = new JsonArray(), ["livemode"] = false }),
                ("POST", ["v1", "checkout", "sessions"]) => Down ? StripeDown() : CreateSession(key, form, idempotency),
                ("GET", ["v1", "checkout", "sessions", var id]) => Read(key, id, query),
                ("GET", ["v1", "payment_intents", var id]) => Read(key, id, query),
                ("POST", ["v1", "refunds"]) => Down ? StripeDown() : Refund(key, form, idempotency),
                ("GET", ["v1", "events"]) => ListEvents(key, query),
                _ => Error(HttpStatusCode.NotFound, "invalid_request_error", $"Unrecognized request URL ({request.Method}: {path})."),
            };
        }
    }

    private HttpResponseMessage CreateSession(string key, Dictionary<string, string> form, string idempotency)
    {
        if (SessionsByIdempotencyKey.TryGetValue(idempotency, out var existing))
        {
            return Json(_objects[existing]);
        }

        Created.Enqueue(form);
        var id = "cs_test_" + Guid.NewGuid().ToString("N");
        var success = new Uri(form["success_url"]);
        var metadata = new JsonObject();
        foreach (var (name, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[name["metadata[".Length..^1]] = value;
        }

        var amount = long.Parse(form["line_items[0][price_data][unit_amount]"], CultureInfo.InvariantCulture) * long.Parse(form.GetValueOrDefault("line_items[0][quantity]", "1"), CultureInfo.InvariantCulture);
        var session = Add(key, new JsonObject
        {
            ["id"] = id, ["object"] = "checkout.session", ["mode"] = form["mode"], ["status"] = "open", ["payment_status"] = "unpaid", ["amount_total"] = amount,
            ["currency"] = form["line_items[0][price_data][currency]"], ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"), ["metadata"] = metadata,
            ["success_url"] = form["success_url"], ["cancel_url"] = form.GetValueOrDefault("cancel_url"), ["created"] = clock.GetUtcNow().ToUnixTimeSeconds(),
            ["url"] = success.GetLeftPart(UriPartial.Authority) + CheckoutPath + id, ["payment_intent"] = null,
        });
        SessionsByIdempotencyKey[idempotency] = id;
        return Json(session);
    }

    /// <summary>A refund of a payment intent's charge: the amount asked, or what is left; never more than is left.</summary>
    private HttpResponseMessage Refund(string key, Dictionary<string, string> form, string idempotency)
    {
        if (_refundsByIdempotencyKey.TryGetValue(idempotency, out var done))
        {
            return Json(_objects[done]);
        }

        if (!form.TryGetValue("payment_intent", out var intentId) || !_objects.TryGetValue(intentId, out var intent) || _owners[intentId] != key)
        {
            return Error(HttpStatusCode.NotFound, "invalid_request_error", "No such payment_intent.");
        }

        var charge = _objects[intent["latest_charge"]!.GetValue<string>()];
        var left = charge["amount"]!.GetValue<long>() - charge["amount_refunded"]!.GetValue<long>();
        var amount = form.TryGetValue("amount", out var asked) ? long.Parse(asked, CultureInfo.InvariantCulture) : left;
        if (amount <= 0 || amount > left)
        {
            return Error(HttpStatusCode.BadRequest, "invalid_request_error", $"Refund amount ({amount}) is greater than unrefunded amount on charge ({left}).");
        }

        charge["amount_refunded"] = charge["amount_refunded"]!.GetValue<long>() + amount;
        charge["refunded"] = charge["amount_refunded"]!.GetValue<long>() == charge["amount"]!.GetValue<long>();
        var refund = Add(key, new JsonObject
        {
            ["id"] = "re_" + Guid.NewGuid().ToString("N")[..24], ["object"] = "refund", ["amount"] = amount, ["currency"] = charge["currency"]!.GetValue<string>(),
            ["charge"] = charge["id"]!.GetValue<string>(), ["payment_intent"] = intentId, ["status"] = "succeeded", ["created"] = clock.GetUtcNow().ToUnixTimeSeconds(),
        });
        _refundsByIdempotencyKey[idempotency] = refund["id"]!.GetValue<string>();
        Emit(key, "charge.refunded", charge);
        return Json(refund);
    }

    /// <summary>An account's events, newest first, created at or after <c>created[gte]</c>, in pages (<c>limit</c>, <c>starting_after</c>).</summary>
    private HttpResponseMessage ListEvents(string key, Dictionary<string, string> query)
    {
        var since = query.TryGetValue("created[gte]", out var gte) ? long.Parse(gte, CultureInfo.InvariantCulture) : 0;
        var types = query.Where(q => q.Key.StartsWith("types[", StringComparison.Ordinal)).Select(q => q.Value).ToHashSet(StringComparer.Ordinal);
        var limit = query.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 10;
        var newestFirst = _events.Where(e => e.Key == key && e.Event["created"]!.GetValue<long>() >= since && (types.Count == 0 || types.Contains(e.Event["type"]!.GetValue<string>())))
            .Select(e => e.Event).Reverse().ToList();
        if (query.TryGetValue("starting_after", out var after))
        {
            newestFirst = newestFirst.SkipWhile(e => e["id"]!.GetValue<string>() != after).Skip(1).ToList();
        }

        var page = new JsonArray(newestFirst.Take(limit).Select(e => (JsonNode)e.DeepClone()).ToArray());
        return Json(new JsonObject { ["object"] = "list", ["url"] = "/v1/events", ["has_more"] = newestFirst.Count > limit, ["data"] = page });
    }

    /// <summary>One of the account's objects, with <c>expand[]</c> paths (e.g. latest_charge.balance_transaction) filled in.</summary>
    private HttpResponseMessage Read(string key, string id, Dictionary<string, string> query)
    {
        if (!_objects.TryGetValue(id, out var found) || _owners[id] != key)
        {
            return Error(HttpStatusCode.NotFound, "invalid_request_error", $"No such object: '{id}'");
        }

        var result = (JsonObject)found.DeepClone();
        foreach (var path in query.Where(q => q.Key.StartsWith("expand[", StringComparison.Ordinal)).Select(q => q.Value.Split('.')))
        {
            var node = result;
            foreach (var field in path)
            {
                if (node[field] is JsonValue reference && _objects.TryGetValue(reference.GetValue<string>(), out var expanded))
                {
                    node[field] = expanded.DeepClone();
                }

                if (node[field] is not JsonObject next)
                {
                    break;
                }

                node = next;
            }
        }

        return Json(result);
    }

    private JsonObject Add(string key, JsonObject stripeObject)
    {
        var id = stripeObject["id"]!.GetValue<string>();
        _objects[id] = stripeObject;
        _owners[id] = key;
        return stripeObject;
    }

    private JsonObject Emit(string key, string type, JsonObject subject)
    {
        var stripeEvent = new JsonObject
        {
            ["id"] = "evt_" + Guid.NewGuid().ToString("N")[..24], ["object"] = "event", ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = clock.GetUtcNow().ToUnixTimeSeconds(), ["type"] = type, ["livemode"] = false, ["pending_webhooks"] = 1,
            ["data"] = new JsonObject { ["object"] = subject.DeepClone() },
        };
        _events.Add((key, stripeEvent));
        return stripeEvent;
    }

    private static Dictionary<string, string> Form(string encoded) =>
        encoded.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .GroupBy(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Uri.UnescapeDataString(g.Last().Length > 1 ? g.Last()[1].Replace('+', ' ') : ""), StringComparer.Ordinal);

    private static HttpResponseMessage StripeDown() => Error(HttpStatusCode.InternalServerError, "api_error", "Stripe is down.");

    private static HttpResponseMessage Error(HttpStatusCode status, string type, string message) =>
        new(status) { Content = new StringContent(new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["message"] = message } }.ToJsonString(), Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Json(JsonObject body) => new(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}
