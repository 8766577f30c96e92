using Coravel.Invocable;
using CrmSaaS.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace CrmSaaS.Kernel.Email;

/// <summary>
/// Sends due outbox messages. A failed message stays in the outbox with its error and is retried
/// with exponential backoff; nothing is dropped.
/// </summary>
public sealed class OutboxSender(AppDbContext db, IMailTransport transport, MailOptions options, TimeProvider clock, ILogger<OutboxSender> log)
    : IInvocable, ICancellableInvocable
{
    public const int BatchSize = 50;
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(6);

    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Outbox
            .Where(m => m.SentAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Take(BatchSize)
            .ToListAsync(CancellationToken);

        foreach (var message in due)
        {
            try
            {
                await transport.SendAsync(ToMime(message), CancellationToken);
                message.SentAt = clock.GetUtcNow().UtcDateTime;
                message.LastError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.Attempts++;
                message.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                message.NextAttemptAt = now + Backoff(message.Attempts);
                log.LogWarning(ex, "Sending outbox message {Id} failed (attempt {Attempts})", message.Id, message.Attempts);
            }

            // One save per message: a crash later in the batch never re-sends what already went out.
            await db.SaveChangesAsync(CancellationToken);
        }
    }

    public static TimeSpan Backoff(int attempts)
    {
        var delay = TimeSpan.FromSeconds(30 * Math.Pow(2, Math.Min(attempts - 1, 16)));
        return delay < MaxBackoff ? delay : MaxBackoff;
    }

    private MimeMessage ToMime(OutboxMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.MessageId = $"{message.Id:N}@crmsaas";
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();
        return mime;
    }
}
