using System.Security.Cryptography;
using System.Text;
using CrmSaaS.Plugins.Payments.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CrmSaaS.Plugins.Payments.TestMode;

/// <summary>
/// TEST MODE: with <c>Payments:TestMode</c> on (Development's settings) and never in Production, a team
/// that has not connected a provider pays through the fake Stripe and BTCPay servers in this process.
/// Each team gets its own test key and webhook secret (made from a secret of this process), so the
/// fakes keep teams apart as the real providers do, and the webhooks they send are signed and verified
/// with the real algorithms. Pages it touches say TEST MODE.
/// </summary>
public sealed class PaymentsTestMode
{
    public const string StripeKeyPrefix = "sk_test_crmsaas_";
    public const string BtcPayKeyPrefix = "btcpay_test_crmsaas_";
    public const string BtcPayServer = "https://btcpay.test-mode.invalid";

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly Lazy<FakeStripeServer> _stripe;
    private readonly Lazy<FakeBtcPayServer> _btcpay;

    public PaymentsTestMode(IConfiguration configuration, IHostEnvironment environment, TimeProvider clock)
    {
        Enabled = configuration.GetValue("Payments:TestMode", false) && !environment.IsProduction();
        _stripe = new(() => Enabled ? new FakeStripeServer(key => key.StartsWith(StripeKeyPrefix, StringComparison.Ordinal), clock) : throw new InvalidOperationException("TEST MODE is off."));
        _btcpay = new(() => Enabled ? new FakeBtcPayServer(key => key.StartsWith(BtcPayKeyPrefix, StringComparison.Ordinal)) : throw new InvalidOperationException("TEST MODE is off."));
    }

    public bool Enabled { get; }

    public FakeStripeServer Stripe => _stripe.Value;

    public FakeBtcPayServer BtcPay => _btcpay.Value;

    /// <summary>The team's test account at the fake provider.</summary>
    public ProviderCredentials Credentials(Guid teamId, PaymentProvider provider)
    {
        var team = teamId.ToString("N");
        return provider == PaymentProvider.Stripe
            ? new ProviderCredentials(provider, StripeKeyPrefix + team, "whsec_" + Derive("stripe webhook " + team), null, null)
            : new ProviderCredentials(provider, BtcPayKeyPrefix + team, Derive("btcpay webhook " + team), BtcPayServer, "TestStore" + team[..8]);
    }

    /// <summary>Whether these credentials are a TEST MODE account (not a real one the team connected).</summary>
    public static bool IsTest(ProviderCredentials credentials) =>
        credentials.ApiKey.StartsWith(StripeKeyPrefix, StringComparison.Ordinal) || credentials.ApiKey.StartsWith(BtcPayKeyPrefix, StringComparison.Ordinal);

    private string Derive(string purpose) => Convert.ToHexString(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(purpose)))[..40].ToLowerInvariant();
}

/// <summary>
/// Sends calls made with a TEST MODE account to the fake provider in this process and every other call
/// on to the real one: a team that connected its own keys is never answered by a fake.
/// </summary>
public sealed class TestModeRouting(PaymentsTestMode testMode, PaymentProvider provider) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (testMode.Enabled && IsTestCall(request))
        {
            return new HttpMessageInvoker(provider == PaymentProvider.Stripe ? testMode.Stripe : testMode.BtcPay, disposeHandler: false).SendAsync(request, cancellationToken);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private bool IsTestCall(HttpRequestMessage request) => provider == PaymentProvider.Stripe
        ? request.Headers.Authorization?.Parameter?.StartsWith(PaymentsTestMode.StripeKeyPrefix, StringComparison.Ordinal) == true
        : request.RequestUri?.GetLeftPart(UriPartial.Authority) == PaymentsTestMode.BtcPayServer;
}
