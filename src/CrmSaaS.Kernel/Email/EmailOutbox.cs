using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Tenancy;

namespace CrmSaaS.Kernel.Email;

/// <summary>Queues an email in the caller's unit of work: it is saved, and later sent, only if the change is.</summary>
public interface IEmailOutbox
{
    void Enqueue(string to, string subject, string textBody, string? htmlBody = null);
}

public sealed class EmailOutbox(AppDbContext db, ITenantContext tenant, TimeProvider clock) : IEmailOutbox
{
    public void Enqueue(string to, string subject, string textBody, string? htmlBody = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.Outbox.Add(new OutboxMessage
        {
            TenantId = tenant.Tenant?.Id,
            To = to,
            Subject = subject,
            TextBody = textBody,
            HtmlBody = htmlBody,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}
