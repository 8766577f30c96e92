using CrmSaaS.Plugins.Billing.Contracts;
using Stripe;
using Stripe.Checkout;

namespace CrmSaaS.Plugins.Payments.Domain;

/// <summary>
/// A way for a client to pay an invoice. Online providers (Stripe, BTCPay Server) open a checkout at the
/// provider for an attempt and confirm the payment through their webhooks; bank transfer is offline:
/// the pay page shows the account, the reference and the GiroCode, and a manager records the payment.
/// </summary>
public interface IPaymentProvider
{
    PaymentProvider Kind { get; }

    /// <summary>Opens a checkout at the provider; false for a way to pay that has none (bank transfer).</summary>
    bool IsOnline { get; }

    /// <summary>Whether the client's billing settings let it pay the invoice this way.</summary>
    bool Accepts(PayableInvoice invoice);

    /// <summary>
    /// Opens the provider's checkout for the attempt (the invoice's open balance then), naming team,
    /// invoice and attempt in its metadata: the provider's id for it and the address to send the payer to.
    /// </summary>
    Task<(string ProviderId, string CheckoutUrl)> CheckoutAsync(ProviderCredentials credentials, PayableInvoice invoice, PaymentAttempt attempt,
        IReadOnlyDictionary<string, string> metadata, string returnUrl, string cancelUrl, CancellationToken cancellationToken);

    /// <summary>Whether the account's credentials work ("test connection").</summary>
    Task<bool> TestAsync(ProviderCredentials credentials, CancellationToken cancellationToken);
}

/// <summary>Paying by card through a Stripe Checkout Session (payment mode), one per attempt.</summary>
public sealed class StripeProvider(StripeConnection stripe) : IPaymentProvider
{
    public PaymentProvider Kind => PaymentProvider.Stripe;

    public bool IsOnline => true;

    public bool Accepts(PayableInvoice invoice) => invoice.AcceptCard;

    public async Task<(string ProviderId, string CheckoutUrl)> CheckoutAsync(ProviderCredentials credentials, PayableInvoice invoice, PaymentAttempt attempt,
        IReadOnlyDictionary<string, string> metadata, string returnUrl, string cancelUrl, CancellationToken cancellationToken)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = invoice.InvoiceId.ToString(),
            Locale = invoice.Language == "de" ? "de" : "en",
            SuccessUrl = returnUrl,
            CancelUrl = cancelUrl,
            Metadata = new Dictionary<string, string>(metadata),
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata) },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        // Stripe counts in the currency's smallest unit, as the invoice does (JPY in yen, KWD in fils).
                        Currency = invoice.Currency.ToLowerInvariant(),
                        UnitAmount = attempt.AmountMinor,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = (invoice.Language == "de" ? "Rechnung " : "Invoice ") + invoice.Number },
                    },
                },
            ],
        };
        var session = await new SessionService(stripe.Client(credentials.ApiKey)).CreateAsync(options, new RequestOptions { IdempotencyKey = "checkout-" + attempt.Id }, cancellationToken);
        return (session.Id, session.Url);
    }

    public Task<bool> TestAsync(ProviderCredentials credentials, CancellationToken cancellationToken) => stripe.TestAsync(credentials.ApiKey, cancellationToken);
}

/// <summary>Paying in crypto through a BTCPay Server invoice (Greenfield API), one per attempt.</summary>
public sealed class BtcPayProvider(BtcPayClient btcpay) : IPaymentProvider
{
    public PaymentProvider Kind => PaymentProvider.BtcPay;

    public bool IsOnline => true;

    public bool Accepts(PayableInvoice invoice) => invoice.AcceptCrypto;

    public async Task<(string ProviderId, string CheckoutUrl)> CheckoutAsync(ProviderCredentials credentials, PayableInvoice invoice, PaymentAttempt attempt,
        IReadOnlyDictionary<string, string> metadata, string returnUrl, string cancelUrl, CancellationToken cancellationToken)
    {
        var created = await btcpay.CreateInvoiceAsync(credentials, attempt.AmountMinor, invoice.Currency, metadata, returnUrl, cancellationToken);
        return (created.Id, created.CheckoutLink ?? throw new HttpRequestException("BTCPay Server gave no checkout link."));
    }

    public Task<bool> TestAsync(ProviderCredentials credentials, CancellationToken cancellationToken) => btcpay.TestAsync(credentials, cancellationToken);
}

/// <summary>Paying by bank transfer: offline, with the details Billing gives (<see cref="BankTransferQuery"/>); nothing to connect.</summary>
public sealed class BankTransferProvider : IPaymentProvider
{
    public PaymentProvider Kind => PaymentProvider.BankTransfer;

    public bool IsOnline => false;

    public bool Accepts(PayableInvoice invoice) => invoice.AcceptBankTransfer;

    public Task<(string ProviderId, string CheckoutUrl)> CheckoutAsync(ProviderCredentials credentials, PayableInvoice invoice, PaymentAttempt attempt,
        IReadOnlyDictionary<string, string> metadata, string returnUrl, string cancelUrl, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A bank transfer has no checkout.");

    public Task<bool> TestAsync(ProviderCredentials credentials, CancellationToken cancellationToken) => Task.FromResult(true);
}
