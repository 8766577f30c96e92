using CrmSaaS.Kernel.Security;
using Microsoft.Extensions.Configuration;
using Stripe;

namespace CrmSaaS.Plugins.Payments.Domain;

/// <summary>
/// A Stripe client with the team's key. <c>Payments:Stripe:ApiBase</c> points it elsewhere than
/// api.stripe.com (the tests' fake Stripe server); production leaves it unset.
/// </summary>
public sealed class StripeConnection(IConfiguration configuration, IHttpClientFactory http)
{
    /// <summary>The named HTTP client Stripe calls go through (tests give it a fake Stripe server as its handler).</summary>
    public const string HttpClientName = "stripe";

    public StripeClient Client(string apiKey) =>
        new(apiKey, httpClient: new SystemNetHttpClient(http.CreateClient(HttpClientName)),
            apiBase: configuration["Payments:Stripe:ApiBase"] is { Length: > 0 } apiBase ? apiBase : null);

    /// <summary>Whether the key works: Stripe answers for the account's balance.</summary>
    public async Task<bool> TestAsync(string apiKey, CancellationToken cancellationToken)
    {
        try
        {
            await new BalanceService(Client(apiKey)).GetAsync(cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
