using Coravel.Invocable;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Billing.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>What the reminder job did for one invoice.</summary>
public sealed record ReminderOutcome(Guid InvoiceId, bool BecameOverdue, int? Level, int Recipients);

/// <summary>
/// Payment reminders: once a day, from the team's run time in its time zone, every issued invoice still
/// open past its due date is marked overdue (published once as <see cref="InvoiceOverdue"/>) and gets the
/// highest dunning level it has reached and not had yet: an email to the billing contacts in the
/// client's language with the invoice's PDF, stating what is open and the level's fee. One row per
/// invoice and level (a unique key) is written with the emails in the invoice's own unit of work, so a
/// second tick or instance sends nothing twice; a paid or cancelled invoice is no longer open and gets nothing.
/// </summary>
public sealed class Reminders(IServiceScopeFactory scopes, AppDbContext db, BillingTerms terms, ICurrentUser user, TimeProvider clock, ILogger<Reminders> log)
{
    public const int MaxLevels = 5;

    /// <summary>Sends what is due today at once, by hand; each invoice in its own unit of work, like the scheduled job.</summary>
    public Task<IReadOnlyList<ReminderOutcome>> RunNowAsync(CancellationToken cancellationToken) =>
        user.Has(BillingPermissions.Issue) ? RunAsync(evenBeforeRunTime: true, cancellationToken) : throw new ForbiddenException(BillingPermissions.Issue);

    /// <summary>Runs the day's reminders once the team's run time has come, or at once with <paramref name="evenBeforeRunTime"/> (by hand).</summary>
    public async Task<IReadOnlyList<ReminderOutcome>> RunAsync(bool evenBeforeRunTime, CancellationToken cancellationToken)
    {
        var profile = await terms.ProfileAsync(cancellationToken);
        var local = TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, await terms.TeamZoneAsync(cancellationToken));
        if (!evenBeforeRunTime && TimeOnly.FromDateTime(local) < profile.RunAt)
        {
            return [];
        }

        var today = DateOnly.FromDateTime(local);
        var levels = await db.Set<DunningLevel>().AsNoTracking().OrderBy(d => d.DaysAfterDue).ToListAsync(cancellationToken);
        var open = await db.Set<Invoice>().AsNoTracking()
            .Where(i => i.Kind == DocumentKind.Invoice && (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.Sent || i.Status == InvoiceStatus.PartiallyPaid) && i.DueDate < today)
            .Select(i => new { i.Id, i.DueDate, i.OverdueSince, Sent = db.Set<InvoiceReminder>().Where(r => r.InvoiceId == i.Id).Max(r => (int?)r.Level) ?? 0 })
            .ToListAsync(cancellationToken);
        var outcomes = new List<ReminderOutcome>();
        foreach (var invoice in open)
        {
            var late = today.DayNumber - invoice.DueDate!.Value.DayNumber;
            var due = levels.LastOrDefault(l => l.DaysAfterDue <= late);
            var level = due is not null && due.Level > invoice.Sent ? due : null;
            if (invoice.OverdueSince is null || level is not null)
            {
                try
                {
                    outcomes.Add(await RemindAsync(invoice.Id, today, level, cancellationToken));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Another instance wrote the same reminder first (its key), or this invoice failed: the others go on.
                    log.LogWarning(ex, "No reminder for invoice {Invoice} this time; the other invoices go on", invoice.Id);
                }
            }
        }

        return outcomes;
    }

    private async Task<ReminderOutcome> RemindAsync(Guid invoiceId, DateOnly today, DunningLevel? level, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        return await services.GetRequiredService<IUnitOfWork>().RunAsync(async ct =>
        {
            var work = services.GetRequiredService<AppDbContext>();
            var invoice = await work.Set<Invoice>().AsNoTracking().SingleAsync(i => i.Id == invoiceId, ct);
            var open = InvoiceBalances.Open(invoice);
            var becameOverdue = await work.Set<Invoice>().Where(i => i.Id == invoiceId && i.OverdueSince == null)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.OverdueSince, today), ct) == 1;
            if (becameOverdue)
            {
                services.GetRequiredService<IIntegrationEvents>().Publish(new InvoiceOverdue(invoice.TenantId, invoice.Id, invoice.ClientId, invoice.Number!, invoice.DueDate!.Value, open, invoice.Currency));
            }

            if (level is null || open <= 0)
            {
                return new ReminderOutcome(invoiceId, becameOverdue, null, 0);
            }

            var fee = await FeeAsync(services, level, invoice.Currency, today, ct);
            var recipients = await services.GetRequiredService<InvoiceDocuments>().RecipientsAsync(invoice.ClientId, ct);
            work.Add(new InvoiceReminder
            {
                InvoiceId = invoiceId, Level = level.Level, SentOn = today, CreatedAt = clock.GetUtcNow().UtcDateTime, OpenMinor = open, FeeMinor = fee,
                SentTo = recipients.Count == 0 ? null : string.Join(", ", recipients),
            });
            if (recipients.Count > 0)
            {
                var pdf = await work.Set<InvoiceDocument>().AsNoTracking().Where(d => d.InvoiceId == invoiceId && d.Format == DocumentFormat.Pdf).Select(d => d.Content).SingleOrDefaultAsync(ct);
                var attachments = pdf is null ? null : new[] { new EmailAttachment(InvoiceDownloads.FileName(invoice.Kind, invoice.Number!) + ".pdf", "application/pdf", pdf) };
                var tenant = services.GetRequiredService<ITenantContext>().Tenant!;
                var (subject, body) = Text(invoice, level, open, fee, today, await terms.ProfileAsync(ct), services.GetRequiredService<TenantUrls>().ForTeam(tenant.Identifier, "/portal"));
                var outbox = services.GetRequiredService<IEmailOutbox>();
                foreach (var to in recipients)
                {
                    outbox.Enqueue(to, subject, body, attachments: attachments);
                }
            }

            // The key (invoice, level) refuses a second row here, and the emails go back with it.
            await work.SaveChangesAsync(ct);
            return new ReminderOutcome(invoiceId, becameOverdue, level.Level, recipients.Count);
        }, cancellationToken);
    }

    /// <summary>The level's fee in the invoice's currency: as set when the currencies match, else at the team's latest rate; none without a rate.</summary>
    private static async Task<long> FeeAsync(IServiceProvider services, DunningLevel level, string currency, DateOnly today, CancellationToken cancellationToken)
    {
        if (level.Fee is not > 0m)
        {
            return 0;
        }

        var teamCurrency = services.GetRequiredService<ITenantContext>().Tenant!.Currency;
        var fee = (long)Math.Round(level.Fee.Value * Currencies.Factor(teamCurrency), 0, MidpointRounding.AwayFromZero);
        return teamCurrency == currency ? fee
            : await services.GetRequiredService<ExchangeRates>().FindAsync(teamCurrency, currency, today, cancellationToken) is { } rate ? rate.Convert(fee) : 0;
    }

    /// <summary>The reminder's subject and text in the invoice's language: the level's template with its placeholders filled, or the standard one.</summary>
    public static (string Subject, string Body) Text(Invoice invoice, DunningLevel level, long openMinor, long feeMinor, DateOnly today, BillingProfile profile, string link)
    {
        var de = invoice.Language == "de";
        var culture = DocumentTexts.For(invoice.Language).Culture;
        var open = new Money(openMinor, invoice.Currency).Format(culture);
        var fee = new Money(feeMinor, invoice.Currency).Format(culture);
        var total = new Money(openMinor + feeMinor, invoice.Currency).Format(culture);
        var subject = (de ? level.SubjectDe : level.SubjectEn)
            ?? (de ? (level.Level == 1 ? "Zahlungserinnerung" : "{level}. Mahnung") + " zu Rechnung {number}" : (level.Level == 1 ? "Payment reminder" : "Reminder {level}") + " for invoice {number}") + " – " + profile.LegalName;
        var feeLine = feeMinor > 0 ? (de ? "Für diese Mahnung berechnen wir eine Gebühr von {fee}; bitte überweisen Sie insgesamt {total}.\n" : "We charge a fee of {fee} for this reminder; please pay {total} in all.\n") : "";
        var body = (de ? level.BodyDe : level.BodyEn) ?? (de
            ? "Guten Tag,\n\nunsere Rechnung {number}, fällig am {due}, ist seit {days} Tagen offen. Offen sind noch {open}.\n" + feeLine + "Falls Sie bereits gezahlt haben, betrachten Sie diese Nachricht bitte als gegenstandslos.\nIm Kundenportal sehen und bezahlen Sie Ihre Rechnungen: {link}\n\nMit freundlichen Grüßen\n"
            : "Hello,\n\nour invoice {number}, due on {due}, has been open for {days} days. {open} is still open.\n" + feeLine + "If you have paid already, please disregard this message.\nYou can see and pay your invoices in the client portal: {link}\n\nKind regards\n") + profile.LegalName;

        string Fill(string text) => text.Replace("{number}", invoice.Number).Replace("{client}", invoice.BuyerName).Replace("{open}", open).Replace("{fee}", fee)
            .Replace("{total}", total).Replace("{due}", invoice.DueDate?.ToString("d", culture) ?? "").Replace("{days}", (today.DayNumber - (invoice.DueDate ?? today).DayNumber).ToString(culture))
            .Replace("{level}", level.Level.ToString(culture)).Replace("{link}", link);
        return (Fill(subject), Fill(body));
    }
}

/// <summary>Every fifteen minutes, in every team: the day's payment reminders once the team's run time has come.</summary>
[ActsAs("payment reminders", BillingPermissions.Read, BillingPermissions.Issue)]
public sealed class ScheduledReminders(TenantJobs jobs) : IInvocable
{
    public Task Invoke() => jobs.ForEachActiveTenantAsync<ScheduledReminders>(
        (services, _, cancellationToken) => services.GetRequiredService<Reminders>().RunAsync(evenBeforeRunTime: false, cancellationToken), CancellationToken.None);
}
