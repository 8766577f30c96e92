using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace CrmSaaS.Kernel.Email;

/// <summary>Wakes the outbox sender when a commit has queued mail.</summary>
public sealed class OutboxSignal : Signal;

/// <summary>
/// Sends due outbox messages. Each message is claimed first (FOR UPDATE SKIP LOCKED on PostgreSQL, a
/// conditional update on SQLite), so two senders — two app instances, or a poll and a nudge — never
/// send one message twice; a claim that outlives
/// a crashed sender expires. A failed message stays with its error and is retried with exponential
/// backoff; after <see cref="MaxAttempts"/> failures it is dead (kept, and visible to the Superadmin).
/// </summary>
public sealed class OutboxSender(AppDbContext db, IUnitOfWork unitOfWork, IMailTransport transport, MailOptions options, TimeProvider clock, ILogger<OutboxSender> log)
{
    public const int BatchSize = 50;
    public const int MaxAttempts = 10;
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(6);
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(5);

    public async Task Invoke(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claim = Guid.NewGuid();
        var until = now + ClaimLifetime;
        foreach (var id in await ClaimAsync(now, claim, until, cancellationToken))
        {
            // A slow mail server can make a batch outlast its claim: renew it per message, and leave a
            // message alone whose claim has passed to another sender meanwhile.
            var renewed = clock.GetUtcNow().UtcDateTime + ClaimLifetime;
            if (await db.Outbox.Where(m => m.Id == id && m.ClaimToken == claim && m.SentAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, renewed), cancellationToken) == 0)
            {
                continue;
            }

            var message = await db.Outbox.AsNoTracking().Include(m => m.Attachments).SingleAsync(m => m.Id == id, cancellationToken);
            try
            {
                await transport.SendAsync(ToMime(message), cancellationToken);
                Telemetry.EmailsSent.Add(1);
                var sentAt = clock.GetUtcNow().UtcDateTime;
                await db.Outbox.Where(m => m.Id == id && m.ClaimToken == claim)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.LastError, (string?)null)
                        .SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null), CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Telemetry.EmailsFailed.Add(1);
                var attempts = message.Attempts + 1;
                var error = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                DateTime? dead = attempts >= MaxAttempts ? clock.GetUtcNow().UtcDateTime : null;
                var next = now + Backoff(attempts);
                await db.Outbox.Where(m => m.Id == id && m.ClaimToken == claim)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, error).SetProperty(m => m.NextAttemptAt, next)
                        .SetProperty(m => m.DeadAt, dead).SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null), CancellationToken.None);
                if (dead is null)
                {
                    log.LogWarning(ex, "Sending outbox message {Id} failed (attempt {Attempts})", id, attempts);
                }
                else
                {
                    log.LogError(ex, "Outbox message {Id} failed {Attempts} times and is given up", id, attempts);
                }
            }
        }
    }

    /// <summary>
    /// Claims up to <see cref="BatchSize"/> due messages for this sender. On PostgreSQL one transaction
    /// locks the due rows with FOR UPDATE SKIP LOCKED (rows another sender is claiming right now are
    /// passed over, not waited for) and marks them; on SQLite, where writers take turns anyway, each
    /// message is claimed by a conditional update that only one sender can win.
    /// </summary>
    private async Task<List<Guid>> ClaimAsync(DateTime now, Guid claim, DateTime until, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            // The rows stay locked until the unit of work commits the claim.
            return await unitOfWork.RunAsync(async ct =>
            {
                var locked = await db.Database.SqlQuery<Guid>($"""
                    SELECT "Id" AS "Value" FROM "OutboxMessages"
                    WHERE "SentAt" IS NULL AND "DeadAt" IS NULL AND "NextAttemptAt" <= {now} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {now})
                    ORDER BY "NextAttemptAt" LIMIT {BatchSize}
                    FOR UPDATE SKIP LOCKED
                    """).ToListAsync(ct);
                await db.Outbox.Where(m => locked.Contains(m.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, claim).SetProperty(m => m.ClaimedUntil, until), ct);
                return locked;
            }, cancellationToken);
        }

        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.DeadAt == null && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var claimed = new List<Guid>(due.Count);
        foreach (var id in due)
        {
            var won = await db.Outbox
                .Where(m => m.Id == id && m.SentAt == null && m.DeadAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, claim).SetProperty(m => m.ClaimedUntil, until), cancellationToken);
            if (won == 1)
            {
                claimed.Add(id);
            }
        }

        return claimed;
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
        // A stable id: should a crash between sending and recording repeat a message, mail systems can tell.
        mime.MessageId = $"{message.Id:N}@crmsaas";
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        foreach (var attachment in message.Attachments.OrderBy(a => a.FileName, StringComparer.Ordinal))
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }
}

/// <summary>Runs the outbox sender when a commit queued mail, and every few seconds for retries.</summary>
public sealed class OutboxPump(IServiceScopeFactory scopes, OutboxSignal signal, IConfiguration config, ILogger<OutboxPump> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Outbox:Enabled", true))
        {
            return;
        }

        var poll = TimeSpan.FromSeconds(config.GetValue("Outbox:PollSeconds", 10));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(poll, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<OutboxSender>().Invoke(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Sending the outbox failed; trying again shortly");
            }
        }
    }
}
