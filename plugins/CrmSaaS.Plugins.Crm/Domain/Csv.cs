using System.Text;

namespace CrmSaaS.Plugins.Crm.Domain;

/// <summary>RFC 4180 CSV: reading (quoted fields, embedded commas, quotes and line breaks) and writing.</summary>
public static class Csv
{
    /// <summary>Formula-looking cells are prefixed so spreadsheets show them as text (CSV injection).</summary>
    public static string Escape(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' && !double.TryParse(text, System.Globalization.NumberStyles.Any, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\n', '\r', ';']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    public static Task WriteRowAsync(TextWriter writer, IEnumerable<string?> cells) =>
        writer.WriteAsync(string.Join(",", cells.Select(Escape)) + "\r\n");

    /// <summary>Reads all records; the delimiter (comma or semicolon) is taken from the header line.</summary>
    public static List<string[]> Read(TextReader reader)
    {
        var text = reader.ReadToEnd();
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var firstLine = text.Split('\n', 2)[0];
        var delimiter = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var records = new List<string[]>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                if (record.Any(f => f.Length > 0))
                {
                    records.Add([.. record]);
                }

                record.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        record.Add(field.ToString());
        if (record.Any(f => f.Length > 0))
        {
            records.Add([.. record]);
        }

        return records;
    }
}
