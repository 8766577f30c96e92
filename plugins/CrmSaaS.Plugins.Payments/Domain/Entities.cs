using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Payments.Domain;

public enum PaymentProvider
{
    Stripe = 0,
    BtcPay = 1,
    /// <summary>Offline: the client transfers the amount; a manager records the payment when it arrives.</summary>
    BankTransfer = 2,
}

/// <summary>
/// A team's account at a payment provider. The secrets (API key, webhook signing secret) are kept
/// encrypted with Data Protection, never shown again and never written to the audit log.
/// </summary>
public class ProviderAccount : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public PaymentProvider Provider { get; set; }
    /// <summary>BTCPay Server's address; null for Stripe.</summary>
    public string? ServerUrl { get; set; }
    /// <summary>BTCPay Server's store id; null for Stripe.</summary>
    public string? StoreId { get; set; }
    [AuditIgnore]
    public string ProtectedApiKey { get; set; } = "";
    [AuditIgnore]
    public string ProtectedWebhookSecret { get; set; } = "";
    public DateTime ConnectedAt { get; set; }
    public Guid? ConnectedBy { get; set; }
    /// <summary>When "test connection" last succeeded.</summary>
    public DateTime? VerifiedAt { get; set; }
}

/// <summary>
/// A webhook delivery taken in: one row per provider and event id (a unique key), written in the same
/// transaction as its effect, so a redelivery finds it and changes nothing.
/// </summary>
[AuditIgnore]
public class WebhookEvent : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public PaymentProvider Provider { get; set; }
    public string EventId { get; set; } = "";
    public string Type { get; set; } = "";
    public DateTime ReceivedAt { get; set; }
    /// <summary>What it did: "recorded", "already recorded", "ignored: …".</summary>
    public string Outcome { get; set; } = "";
}

public enum AttemptStatus
{
    Open = 0,
    Paid = 1,
    Expired = 2,
    Failed = 3,
    /// <summary>The provider reports a partial, excess or late payment: a manager decides what is recorded.</summary>
    Review = 4,
}

/// <summary>One try to pay an invoice online: a Stripe Checkout Session (or BTCPay invoice) for the open balance then.</summary>
public class PaymentAttempt : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }
    public PaymentProvider Provider { get; set; }
    /// <summary>The provider's id of the session or invoice.</summary>
    public string? ProviderId { get; set; }
    public string? CheckoutUrl { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    public AttemptStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    /// <summary>Why it waits for review (the provider's words, e.g. "PaidPartial").</summary>
    public string? ReviewReason { get; set; }
}

public enum RefundStatus
{
    /// <summary>Asked of the provider; its answer is not recorded yet (a retry with the same id asks again, idempotently).</summary>
    Pending = 0,
    Done = 1,
    Failed = 2,
}

/// <summary>
/// A refund a member started from the invoice page: who asked for how much of which payment. Its id
/// comes with the form, so a form sent twice is one refund (the provider's idempotency key is made of it).
/// </summary>
public class RefundRequest : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }
    public Guid PaymentId { get; set; }
    public PaymentProvider Provider { get; set; }
    public string PaymentReference { get; set; } = "";
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    public RefundStatus Status { get; set; }
    public string? ProviderRefundId { get; set; }
    /// <summary>The provider's words when it refused.</summary>
    public string? Error { get; set; }
    public Guid? RequestedBy { get; set; }
    public DateTime RequestedAt { get; set; }
}

public static class PaymentAttempts
{
    /// <summary>Closes the attempts the query selects, with a status and the time, in one statement.</summary>
    public static Task<int> CloseAsync(this IQueryable<PaymentAttempt> attempts, AttemptStatus status, DateTime at, CancellationToken cancellationToken) =>
        attempts.ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, status).SetProperty(a => a.ClosedAt, at), cancellationToken);
}
