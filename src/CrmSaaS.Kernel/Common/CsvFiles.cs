using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http;

namespace CrmSaaS.Kernel.Common;

/// <summary>
/// Spreadsheet files in and out (RFC 4180, CsvHelper), streamed row by row. Written files follow the
/// viewer's culture, so they open correctly in their spreadsheet program: its list separator
/// ("," in English, ";" in German), its numbers, UTF-8 with a byte order mark. Cells that a
/// spreadsheet would run as a formula are made text.
/// </summary>
public static class CsvFiles
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>A download that <paramref name="write"/> fills row by row while it is sent.</summary>
    public static IResult Download(string fileName, Func<CsvWriter, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var culture = CultureInfo.CurrentCulture;
        return Results.Stream(async body =>
        {
            await using var csv = CsvWriter.Create(body, WriterOptions(culture), leaveOpen: true);
            await write(csv, cancellationToken);
            await csv.FlushAsync(cancellationToken);
        }, "text/csv; charset=utf-8", fileName);
    }

    public static CsvWriterOptions WriterOptions(CultureInfo culture) => CsvWriterOptions.Default with
    {
        Separator = culture.TextInfo.ListSeparator[0],
        FormatProvider = culture,
        WriteByteOrderMark = true,
        // Formula-looking cells are made safe by Safe(), which can tell a negative number from a formula.
        Injection = CsvInjection.None,
    };

    /// <summary>Writes one row of text cells.</summary>
    public static async Task WriteRowAsync(this CsvWriter csv, IEnumerable<string?> cells, CancellationToken cancellationToken = default)
    {
        foreach (var cell in cells)
        {
            csv.WriteField(Safe(cell));
        }

        await csv.EndRecordAsync(cancellationToken);
    }

    /// <summary>A cell a spreadsheet shows as text: a leading =, +, -, @ (unless it is a number) gets an apostrophe.</summary>
    public static string Safe(string? value)
    {
        var text = value ?? "";
        return text.Length > 0 && FormulaStarts.Contains(text[0]) && !decimal.TryParse(text, NumberStyles.Number, CultureInfo.CurrentCulture, out _)
            ? "'" + text
            : text;
    }

    /// <summary>
    /// The records of a file, one at a time, the first line included: the separator (comma, semicolon
    /// or tab) is detected, a byte order mark skipped, quoted fields may hold separators, quotes and
    /// line breaks; blank lines are skipped.
    /// </summary>
    public static IEnumerable<string[]> Read(TextReader text)
    {
        using var csv = CsvReader.Create(text, CsvReaderOptions.Default with { HasHeader = false, SkipEmptyLines = true }, leaveOpen: true);
        while (csv.Read())
        {
            var record = new string[csv.FieldCount];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = csv.GetString(i) ?? "";
            }

            if (record.Any(f => f.Length > 0))
            {
                yield return record;
            }
        }
    }
}
