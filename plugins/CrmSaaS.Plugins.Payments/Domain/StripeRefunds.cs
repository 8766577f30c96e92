using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Stripe;

namespace CrmSaaS.Plugins.Payments.Domain;

/// <summary>
/// Refunds a card payment, whole or in part, through Stripe's API. The request is written first, under
/// the id its form carried, and that id is Stripe's idempotency key: a form sent twice, or sent again
/// after a crash, is one refund at Stripe. What Stripe then reports as the charge's refunded total is
/// recorded through the same contract as the <c>charge.refunded</c> webhook, so whichever comes second
/// adds nothing. The request and its outcome are audited under the member; only Billing's contract is
/// called as the system actor.
/// </summary>
[ActsAs("stripe refunds", OnlinePaymentPermissions.Record)]
public sealed class StripeRefunds(AppDbContext db, IUnitOfWork unitOfWork, IMediator mediator, ProviderAccounts accounts, StripeConnection stripe, ICurrentUser user,
    TimeProvider clock, IStringLocalizer<Kernel.Localization.SharedResource> l)
{
    /// <param name="requestId">The id the refund form was made with.</param>
    /// <param name="payment">The payment as just read for the invoice page (this team's).</param>
    /// <param name="amount">In the payment's currency, at most what is not refunded yet.</param>
    public async Task<RefundRequest> RefundAsync(Guid requestId, ProviderPayment payment, decimal amount, CancellationToken cancellationToken)
    {
        var existing = await db.Set<RefundRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (existing is not null && existing.PaymentId != payment.PaymentId)
        {
            throw new NotFoundException("Refund");
        }

        if (existing is { Status: RefundStatus.Done })
        {
            return existing;
        }

        if (payment.Provider != StripeWebhooks.Provider)
        {
            throw new ValidationFailedException("", l["A crypto payment is refunded in BTCPay Server; record the refund here by hand."]);
        }

        var factor = Currencies.Factor(payment.Currency);
        var refundable = payment.AmountMinor - payment.RefundedMinor;
        if (existing is null && (amount <= 0 || decimal.Round(amount * factor) != amount * factor || amount * factor > refundable))
        {
            throw new ValidationFailedException("Amount", l["Enter an amount above 0 and at most {0}.", new Money(refundable, payment.Currency).Format()]);
        }

        var credentials = await accounts.CredentialsAsync(PaymentProvider.Stripe, cancellationToken)
            ?? throw new ValidationFailedException("", l["Connect Stripe in the payment providers first."]);
        var request = existing ?? new RefundRequest
        {
            Id = requestId, InvoiceId = payment.InvoiceId, PaymentId = payment.PaymentId, Provider = PaymentProvider.Stripe, PaymentReference = payment.Reference,
            AmountMinor = (long)(amount * factor), Currency = payment.Currency, RequestedBy = user.RequireUserId(), RequestedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (existing is null)
        {
            await unitOfWork.RunAsync(async ct =>
            {
                db.Add(request);
                await db.SaveChangesAsync(ct);
            }, cancellationToken);
        }

        var client = stripe.Client(credentials.ApiKey);
        Refund refund;
        PaymentIntent intent;
        try
        {
            refund = await new RefundService(client).CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = request.PaymentReference, Amount = request.AmountMinor,
                Metadata = new() { ["invoice"] = request.InvoiceId.ToString(), ["refund"] = request.Id.ToString() },
            }, new RequestOptions { IdempotencyKey = "refund-" + request.Id }, cancellationToken);
            intent = await new PaymentIntentService(client).GetAsync(request.PaymentReference, new PaymentIntentGetOptions { Expand = ["latest_charge"] }, cancellationToken: cancellationToken);
        }
        catch (StripeException ex) when (ex.StripeError?.Type == "invalid_request_error")
        {
            await unitOfWork.RunAsync(ct => FinishAsync(request.Id, RefundStatus.Failed, null, ex.StripeError.Message, ct), cancellationToken);
            throw new ValidationFailedException("Amount", l["Stripe refused the refund: {0}", ex.StripeError.Message ?? ""]);
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException or TaskCanceledException)
        {
            // Left pending: sending the same form again asks Stripe again with the same key.
            throw new ValidationFailedException("", l["Stripe could not be reached. Send the refund again; it will not be made twice."]);
        }

        await unitOfWork.RunAsync(async ct =>
        {
            using (SystemActor.Begin(typeof(StripeRefunds)))
            {
                await mediator.Send(new RecordProviderRefunds(StripeWebhooks.Provider, request.PaymentReference, intent.LatestCharge?.AmountRefunded ?? request.AmountMinor,
                    request.Currency, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)), ct);
            }

            await FinishAsync(request.Id, RefundStatus.Done, refund.Id, null, ct);
        }, cancellationToken);
        request.Status = RefundStatus.Done;
        request.ProviderRefundId = refund.Id;
        return request;
    }

    private async Task FinishAsync(Guid requestId, RefundStatus status, string? refundId, string? error, CancellationToken cancellationToken)
    {
        var request = await db.Set<RefundRequest>().SingleAsync(r => r.Id == requestId, cancellationToken);
        (request.Status, request.ProviderRefundId, request.Error) = (status, refundId, error is { Length: > 500 } ? error[..500] : error);
        await db.SaveChangesAsync(cancellationToken);
    }
}
