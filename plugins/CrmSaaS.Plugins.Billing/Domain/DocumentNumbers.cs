using System.Globalization;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// Document numbers: taken only when a document is issued, inside its unit of work, by one atomic
/// increment of the range's sequence row (never a count + 1), formatted by the range's pattern.
/// Tokens: <c>{YYYY}</c>, <c>{YY}</c>, <c>{MM}</c> (of the issue date in the team's time zone) and
/// <c>{SEQ}</c> or <c>{SEQ:n}</c> (the sequence, zero-padded to n digits).
/// </summary>
public sealed partial class DocumentNumbers(AppDbContext db, IUnitOfWork unitOfWork)
{
    public const string DefaultInvoicePattern = "{YYYY}-{SEQ:5}";
    public const string DefaultCreditNotePattern = "CN-{YYYY}-{SEQ:5}";
    public const int MaxPatternLength = 60;

    /// <summary>Takes the next number of the team's range for <paramref name="kind"/>; must run in the issuing unit of work.</summary>
    public async Task<string> TakeAsync(DocumentKind kind, DateOnly issueDate, CancellationToken cancellationToken)
    {
        unitOfWork.EnsureOpen("Taking a document number");
        var tenant = db.CurrentTenantId ?? throw new InvalidOperationException("Document numbers belong to a team.");
        var range = await db.Set<NumberRange>().AsNoTracking().SingleOrDefaultAsync(r => r.Kind == kind, cancellationToken)
            ?? new NumberRange { Kind = kind, Pattern = kind == DocumentKind.Invoice ? DefaultInvoicePattern : DefaultCreditNotePattern };
        var year = range.ResetYearly ? issueDate.Year : 0;

        // The row exists once; the increment then locks it (a row lock in PostgreSQL, the write lock in
        // SQLite) until the issuing transaction ends, so concurrent issues queue for their numbers.
        var id = Guid.CreateVersion7();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"BilNumberSequences\" (\"Id\", \"TenantId\", \"Kind\", \"Year\", \"Last\") VALUES ({id}, {tenant}, {(int)kind}, {year}, 0) ON CONFLICT (\"TenantId\", \"Kind\", \"Year\") DO NOTHING",
            cancellationToken);
        // A number the pattern gives that a document already carries (the range's pattern or reset was
        // changed) is passed over: a number is never given twice.
        while (true)
        {
            var taken = await db.Database.SqlQuery<long>(
                $"UPDATE \"BilNumberSequences\" SET \"Last\" = \"Last\" + 1 WHERE \"TenantId\" = {tenant} AND \"Kind\" = {(int)kind} AND \"Year\" = {year} RETURNING \"Last\" AS \"Value\"")
                .ToListAsync(cancellationToken);
            var number = Format(range.Pattern, issueDate, taken.Single());
            if (!await db.Set<Invoice>().AnyAsync(i => i.Kind == kind && i.Number == number, cancellationToken))
            {
                return number;
            }
        }
    }

    public static string Format(string pattern, DateOnly date, long sequence) => Token().Replace(pattern, m => m.Groups["name"].Value switch
    {
        "YYYY" => date.Year.ToString("D4", CultureInfo.InvariantCulture),
        "YY" => (date.Year % 100).ToString("D2", CultureInfo.InvariantCulture),
        "MM" => date.Month.ToString("D2", CultureInfo.InvariantCulture),
        _ => sequence.ToString(m.Groups["digits"].Success ? "D" + m.Groups["digits"].Value : "D", CultureInfo.InvariantCulture),
    });

    /// <summary>Why a pattern cannot be used, or null: it needs the sequence, and the year when it resets yearly (else numbers repeat).</summary>
    public static string? Problem(string pattern, bool resetYearly)
    {
        if (string.IsNullOrWhiteSpace(pattern) || pattern.Length > MaxPatternLength)
        {
            return $"Use 1 to {MaxPatternLength} characters.";
        }

        if (Token().Replace(pattern, "").IndexOfAny(['{', '}']) >= 0)
        {
            return "Use only the placeholders {YYYY}, {YY}, {MM} and {SEQ} or {SEQ:n}.";
        }

        if (!Token().Matches(pattern).Any(m => m.Groups["name"].Value == "SEQ"))
        {
            return "The pattern needs the sequence: {SEQ} or {SEQ:n}.";
        }

        return resetYearly && !Token().Matches(pattern).Any(m => m.Groups["name"].Value is "YYYY" or "YY")
            ? "A range that starts again each year needs the year in its pattern ({YYYY} or {YY}), or its numbers would repeat."
            : null;
    }

    [GeneratedRegex(@"\{(?<name>YYYY|YY|MM|SEQ)(?::(?<digits>[1-9]|1[0-2]))?\}")]
    private static partial Regex Token();
}
