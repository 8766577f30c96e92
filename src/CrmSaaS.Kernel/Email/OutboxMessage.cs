namespace CrmSaaS.Kernel.Email;

/// <summary>
/// An email waiting to be sent. Written in the same transaction as the change that causes it;
/// global because root-site mail (sign-up, superadmin) has no team.
/// </summary>
public class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? TenantId { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public string? HtmlBody { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>Set while one sender works on the message; another sender leaves it alone until then.</summary>
    public Guid? ClaimToken { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    /// <summary>Given up after <see cref="OutboxSender.MaxAttempts"/> failures; the Superadmin can send it again.</summary>
    public DateTime? DeadAt { get; set; }
    public List<OutboxAttachment> Attachments { get; set; } = [];
}

/// <summary>A file sent with an outbox message (an invoice PDF, its e-invoice XML).</summary>
public class OutboxAttachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MessageId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>A file to attach to an email.</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);
