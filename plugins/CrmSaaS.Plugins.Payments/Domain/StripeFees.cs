using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using Mediator;
using Stripe;

namespace CrmSaaS.Plugins.Payments.Domain;

/// <summary>
/// Stripe's fee for a card payment, learnt after the payment is recorded (so no webhook waits on Stripe):
/// the payment intent's charge's balance transaction, recorded when it is in the payment's currency (an
/// account settling in another currency pays its fees in that one; they are not mixed in). When Stripe
/// cannot be asked, the delivery fails and the event dispatcher tries again later.
/// </summary>
[ActsAs("stripe fees", OnlinePaymentPermissions.Record)]
public sealed class StripeFees(ProviderAccounts accounts, StripeConnection stripe, IMediator mediator) : IIntegrationEventHandler<InvoicePaymentChanged>
{
    public async Task HandleAsync(InvoicePaymentChanged change, CancellationToken cancellationToken)
    {
        if (change.Provider != StripeWebhooks.Provider || change.AmountMinor <= 0 || await accounts.CredentialsAsync(PaymentProvider.Stripe, cancellationToken) is not { } credentials)
        {
            return;
        }

        if (change.Reference is not { } reference || !reference.StartsWith("pi_", StringComparison.Ordinal))
        {
            return;
        }

        PaymentIntent intent;
        try
        {
            intent = await new PaymentIntentService(stripe.Client(credentials.ApiKey))
                .GetAsync(reference, new PaymentIntentGetOptions { Expand = ["latest_charge.balance_transaction"] }, cancellationToken: cancellationToken);
        }
        catch (StripeException ex) when (ex.StripeError?.Type == "invalid_request_error")
        {
            // Not a payment intent of this account (a key changed since): nothing to learn.
            return;
        }

        if (intent.LatestCharge?.BalanceTransaction is { } transaction && string.Equals(transaction.Currency, change.Currency, StringComparison.OrdinalIgnoreCase))
        {
            await mediator.Send(new RecordProviderFee(change.PaymentId, transaction.Fee), cancellationToken);
        }
    }
}
