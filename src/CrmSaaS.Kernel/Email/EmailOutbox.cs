using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Tenancy;

namespace CrmSaaS.Kernel.Email;

/// <summary>Queues an email in the caller's unit of work: it is saved, and later sent, only if the change is.</summary>
public interface IEmailOutbox
{
    void Enqueue(string to, string subject, string textBody, string? htmlBody = null, IReadOnlyList<EmailAttachment>? attachments = null);
}

public sealed class EmailOutbox(AppDbContext db, ITenantContext tenant, IUnitOfWork unitOfWork, OutboxSignal signal, TimeProvider clock) : IEmailOutbox
{
    public void Enqueue(string to, string subject, string textBody, string? htmlBody = null, IReadOnlyList<EmailAttachment>? attachments = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            TenantId = tenant.Tenant?.Id,
            To = to,
            Subject = subject,
            TextBody = textBody,
            HtmlBody = htmlBody,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        foreach (var attachment in attachments ?? [])
        {
            message.Attachments.Add(new OutboxAttachment { MessageId = message.Id, FileName = attachment.FileName, ContentType = attachment.ContentType, Content = attachment.Content });
        }

        db.Outbox.Add(message);
        if (unitOfWork.IsOpen)
        {
            unitOfWork.AfterCommit(_ =>
            {
                signal.Nudge();
                return Task.CompletedTask;
            });
        }
    }
}
