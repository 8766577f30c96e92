using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Domain;

public enum StatementEntryKind
{
    Invoice = 0,
    CreditNote = 1,
    Payment = 2,
}

/// <summary>
/// One movement on the client's account: an issued invoice charges it, a credit note and a payment credit
/// it. <see cref="Number"/> is the document's number (for a payment, the invoice it paid); an invoice
/// carries its service period, a credit note the number it corrects, a payment its method and reference.
/// </summary>
public sealed record StatementEntry(DateOnly Date, StatementEntryKind Kind, Guid InvoiceId, string Number, long ChargeMinor, long CreditMinor, long BalanceMinor)
{
    public DateOnly? PeriodFrom { get; init; }
    public DateOnly? PeriodTo { get; init; }
    public string? Corrects { get; init; }
    public PaymentMethod? Method { get; init; }
    public string? PaymentReference { get; init; }
}

/// <summary>The account in one currency: the balance before the period, the movements in it with the running balance, the balance after.</summary>
public sealed record StatementSection(string Currency, long OpeningMinor, IReadOnlyList<StatementEntry> Entries, long ClosingMinor)
{
    public long ChargedMinor => Entries.Sum(e => e.ChargeMinor);
    public long CreditedMinor => Entries.Sum(e => e.CreditMinor);
}

/// <summary>A client's statement of account for a period, one section per currency it was invoiced in.</summary>
public sealed record Statement(Guid ClientId, string ClientName, string? ClientAddress, string? ClientCountry, string Language, DateOnly From, DateOnly To, IReadOnlyList<StatementSection> Sections);

/// <summary>
/// A client's billing history as an account: issued invoices charge it (at their stored gross), issued
/// credit notes and recorded payments credit it; a negative balance is what the team owes the client.
/// The dates are the documents' issue dates and the payments' dates, all in the team's calendar.
/// </summary>
public sealed class ClientStatements(AppDbContext db, ICrmDirectory crm)
{
    /// <summary>The longest period one statement covers.</summary>
    public const int MaxDays = 3660;

    public async Task<Statement> ForAsync(Guid clientId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var client = await crm.Clients.Where(c => c.Id == clientId)
            .Select(c => new { c.Name, c.BillingAddress, c.Country, c.DocumentLanguage }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Client");
        var documents = db.Set<Invoice>().AsNoTracking().Where(i => i.ClientId == clientId && i.Number != null && i.IssueDate != null);
        var payments = db.Set<Payment>().AsNoTracking().Where(p => p.ClientId == clientId);

        // What happened before the period is summed by the database, only the period's movements are read.
        var before = await documents.Where(i => i.IssueDate < from)
            .GroupBy(i => i.Currency)
            .Select(g => new { Currency = g.Key, Minor = g.Sum(i => i.Kind == DocumentKind.Invoice ? i.GrossMinor : -i.GrossMinor) })
            .ToListAsync(cancellationToken);
        var paidBefore = await payments.Where(p => p.PaidOn < from).GroupBy(p => p.Currency)
            .Select(g => new { Currency = g.Key, Minor = g.Sum(p => p.AmountMinor) }).ToListAsync(cancellationToken);
        var inPeriod = await documents.Where(i => i.IssueDate >= from && i.IssueDate <= to)
            .Select(i => new { i.Id, i.Kind, i.Number, i.Currency, Date = i.IssueDate!.Value, i.GrossMinor, i.PeriodFrom, i.PeriodTo, i.CorrectsInvoiceId })
            .ToListAsync(cancellationToken);
        var paidInPeriod = await payments.Where(p => p.PaidOn >= from && p.PaidOn <= to)
            .Join(db.Set<Invoice>(), p => p.InvoiceId, i => i.Id, (p, i) => new { p.InvoiceId, p.PaidOn, p.Currency, p.AmountMinor, p.Method, p.Reference, i.Number })
            .ToListAsync(cancellationToken);
        var corrected = inPeriod.Where(d => d.CorrectsInvoiceId is not null).Select(d => d.CorrectsInvoiceId!.Value).Distinct().ToList();
        var correctedNumbers = await db.Set<Invoice>().Where(i => corrected.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Number, cancellationToken);

        var movements = inPeriod.Select(d => (d.Currency, Order: d.Kind == DocumentKind.Invoice ? 0 : 1, Entry: d.Kind == DocumentKind.Invoice
                ? new StatementEntry(d.Date, StatementEntryKind.Invoice, d.Id, d.Number!, d.GrossMinor, 0, 0) { PeriodFrom = d.PeriodFrom ?? d.PeriodTo, PeriodTo = d.PeriodTo }
                : new StatementEntry(d.Date, StatementEntryKind.CreditNote, d.Id, d.Number!, 0, d.GrossMinor, 0) { Corrects = d.CorrectsInvoiceId is { } c ? correctedNumbers.GetValueOrDefault(c) : null }))
            .Concat(paidInPeriod.Select(p => (p.Currency, Order: 2,
                Entry: new StatementEntry(p.PaidOn, StatementEntryKind.Payment, p.InvoiceId, p.Number ?? "", 0, p.AmountMinor, 0) { Method = p.Method, PaymentReference = p.Reference })));

        var currencies = before.Select(b => b.Currency).Concat(paidBefore.Select(p => p.Currency)).Concat(inPeriod.Select(d => d.Currency)).Concat(paidInPeriod.Select(p => p.Currency))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var sections = new List<StatementSection>();
        foreach (var currency in currencies)
        {
            var opening = before.Where(b => b.Currency == currency).Sum(b => b.Minor) - paidBefore.Where(p => p.Currency == currency).Sum(p => p.Minor);
            var balance = opening;
            var entries = new List<StatementEntry>();
            foreach (var m in movements.Where(m => m.Currency == currency).OrderBy(m => m.Entry.Date).ThenBy(m => m.Order).ThenBy(m => m.Entry.Number, StringComparer.Ordinal))
            {
                balance += m.Entry.ChargeMinor - m.Entry.CreditMinor;
                entries.Add(m.Entry with { BalanceMinor = balance });
            }

            sections.Add(new StatementSection(currency, opening, entries, balance));
        }

        return new Statement(clientId, client.Name, client.BillingAddress, client.Country, client.DocumentLanguage, from, to, sections);
    }
}

/// <summary>A client's statement of account for a period as PDF (in the client's language) and CSV.</summary>
public static class StatementDownloads
{
    public const string PdfEndpoint = "billing.statement.pdf";
    public const string CsvEndpoint = "billing.statement.csv";

    public static void Map(PluginEndpoints endpoints)
    {
        endpoints.MapGet("/billing/clients/{id:guid}/statement.pdf", PdfAsync, BillingPermissions.Read).WithName(PdfEndpoint);
        endpoints.MapGet("/billing/clients/{id:guid}/statement.csv", CsvAsync, BillingPermissions.Read).WithName(CsvEndpoint);
    }

    /// <summary>The period asked for, or the last twelve months up to today; null when it is backwards or longer than <see cref="ClientStatements.MaxDays"/>.</summary>
    public static (DateOnly From, DateOnly To)? Period(DateOnly? from, DateOnly? to, DateOnly today)
    {
        var end = to ?? today;
        var start = from ?? end.AddYears(-1).AddDays(1);
        return start > end || end.DayNumber - start.DayNumber > ClientStatements.MaxDays ? null : (start, end);
    }

    private static async Task<IResult> PdfAsync(Guid id, DateOnly? from, DateOnly? to, ClientStatements statements, BillingTerms terms, CancellationToken cancellationToken) =>
        await PdfFileAsync(id, from, to, statements, terms, cancellationToken) is { } file
            ? Results.File(file.Content, file.ContentType, file.FileName)
            : Results.BadRequest("The period must start before it ends and span at most ten years.");

    /// <summary>The client's statement for the period as PDF (the last twelve months by default); null when the period is not one.</summary>
    public static async Task<Contracts.ClientInvoiceFile?> PdfFileAsync(Guid clientId, DateOnly? from, DateOnly? to, ClientStatements statements, BillingTerms terms, CancellationToken cancellationToken)
    {
        var today = await terms.TodayAsync(cancellationToken);
        if (Period(from, to, today) is not { } period)
        {
            return null;
        }

        var statement = await statements.ForAsync(clientId, period.From, period.To, cancellationToken);
        return new Contracts.ClientInvoiceFile(Documents.StatementPdf.Render(statement, await terms.ProfileAsync(cancellationToken), today), "application/pdf", FileName(statement) + ".pdf");
    }

    private static async Task<IResult> CsvAsync(Guid id, DateOnly? from, DateOnly? to, ClientStatements statements, BillingTerms terms, CancellationToken cancellationToken)
    {
        if (Period(from, to, await terms.TodayAsync(cancellationToken)) is not { } period)
        {
            return Results.BadRequest("The period must start before it ends and span at most ten years.");
        }

        var statement = await statements.ForAsync(id, period.From, period.To, cancellationToken);
        var t = Documents.DocumentTexts.For(statement.Language);
        const string Iso = "yyyy-MM-dd";
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return CsvFiles.Download(FileName(statement) + ".csv", async (csv, ct) =>
        {
            await csv.WriteRowAsync([t.Date, t.Document, t.Description, t.Charge, t.CreditColumn, t.Balance, "Currency"], ct);
            foreach (var section in statement.Sections)
            {
                string M(long minor) => new Money(minor, section.Currency).FormatNumber();
                await csv.WriteRowAsync([statement.From.ToString(Iso, invariant), "", t.Opening, "", "", M(section.OpeningMinor), section.Currency], ct);
                foreach (var e in section.Entries)
                {
                    await csv.WriteRowAsync([e.Date.ToString(Iso, invariant), e.Number, t.Describe(e), e.ChargeMinor == 0 ? "" : M(e.ChargeMinor),
                        e.CreditMinor == 0 ? "" : M(e.CreditMinor), M(e.BalanceMinor), section.Currency], ct);
                }

                await csv.WriteRowAsync([statement.To.ToString(Iso, invariant), "", t.Closing, M(section.ChargedMinor), M(section.CreditedMinor), M(section.ClosingMinor), section.Currency], ct);
            }
        }, cancellationToken);
    }

    private static string FileName(Statement statement) =>
        "statement-" + string.Concat(statement.ClientName.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')).Trim('-')
        + $"-{statement.From:yyyyMMdd}-{statement.To:yyyyMMdd}";
}
