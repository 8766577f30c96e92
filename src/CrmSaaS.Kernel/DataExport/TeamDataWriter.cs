using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CrmSaaS.Kernel.DataExport;

/// <summary>
/// Writes the current team's data as a zip: for every team-owned entity of every plugin, one JSON
/// file (an array of objects) and one CSV file, read through the context's team filter; stored files
/// (invoice PDFs and e-invoice XML, logos) beside them under files/, named by the row's id. Secrets
/// (password and token hashes, keys) and the export's own records are left out.
/// </summary>
public sealed partial class TeamDataWriter(AppDbContext db)
{
    /// <summary>The entity types an export covers, in a stable order.</summary>
    public IReadOnlyList<IEntityType> Tables() => db.Model.GetEntityTypes()
        .Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType) && !t.IsOwned() && t.GetTableName() is not null && !t.HasSharedClrType
            && t.ClrType.GetCustomAttribute<ExportIgnoreAttribute>() is null && t.BaseType is null)
        .OrderBy(t => t.ClrType.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>The columns written for a table: mapped, not secret.</summary>
    public static IReadOnlyList<IProperty> Columns(IEntityType table) => table.GetProperties()
        .Where(p => !p.IsShadowProperty() && p.PropertyInfo is not null && p.PropertyInfo.GetCustomAttribute<ExportIgnoreAttribute>() is null && !Secret().IsMatch(p.Name))
        .ToList();

    [GeneratedRegex("(Hash|Secret|Password|Token|Stamp|ApiKey|KeyProtected|Protected)", RegexOptions.CultureInvariant)]
    private static partial Regex Secret();

    /// <summary>Writes one table into <paramref name="zip"/>; returns the rows written.</summary>
    public Task<long> WriteAsync(IEntityType table, ZipArchive zip, CancellationToken cancellationToken) =>
        (Task<long>)WriteTableMethod.MakeGenericMethod(table.ClrType).Invoke(this, [table, zip, cancellationToken])!;

    private static readonly MethodInfo WriteTableMethod = typeof(TeamDataWriter).GetMethod(nameof(WriteTableAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private async Task<long> WriteTableAsync<T>(IEntityType table, ZipArchive zip, CancellationToken cancellationToken) where T : class
    {
        var name = table.ClrType.Name;
        var columns = Columns(table);
        var key = table.FindPrimaryKey()!.Properties;
        var binary = columns.Where(c => c.ClrType == typeof(byte[])).ToList();
        var scratch = Directory.CreateTempSubdirectory("crmsaas-export");
        try
        {
            long rows = 0;
            var jsonPath = Path.Combine(scratch.FullName, "json");
            var csvPath = Path.Combine(scratch.FullName, "csv");
            var files = new List<(string Entry, string Path)>();
            await using (var jsonFile = File.Create(jsonPath))
            await using (var csvFile = new StreamWriter(File.Create(csvPath), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
            await using (var json = new Utf8JsonWriter(jsonFile, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartArray();
                await csvFile.WriteLineAsync(string.Join(',', columns.Select(c => Csv(c.Name))));
                await foreach (var row in db.Set<T>().AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
                {
                    rows++;
                    var id = string.Join('-', key.Select(k => Text(k.PropertyInfo!.GetValue(row))));
                    json.WriteStartObject();
                    var cells = new List<string>(columns.Count);
                    foreach (var column in columns)
                    {
                        var value = column.PropertyInfo!.GetValue(row);
                        if (value is byte[] bytes)
                        {
                            var entry = $"files/{name}/{id}{(binary.Count > 1 ? "-" + column.Name : "")}{Extension(bytes)}";
                            var path = Path.Combine(scratch.FullName, files.Count.ToString(CultureInfo.InvariantCulture));
                            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
                            files.Add((entry, path));
                            value = entry;
                        }

                        WriteJson(json, column.Name, value);
                        cells.Add(Csv(Text(value)));
                    }

                    json.WriteEndObject();
                    await csvFile.WriteLineAsync(string.Join(',', cells));
                    if (rows % 1000 == 0)
                    {
                        await json.FlushAsync(cancellationToken);
                    }
                }

                json.WriteEndArray();
            }

            await AddAsync(zip, $"json/{name}.json", jsonPath, cancellationToken);
            await AddAsync(zip, $"csv/{name}.csv", csvPath, cancellationToken);
            foreach (var (entry, path) in files)
            {
                await AddAsync(zip, entry, path, cancellationToken);
            }

            return rows;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static async Task AddAsync(ZipArchive zip, string entryName, string path, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(entryName, CompressionLevel.Fastest);
        await using var target = await entry.OpenAsync(cancellationToken);
        await using var source = File.OpenRead(path);
        await source.CopyToAsync(target, cancellationToken);
    }

    private static string Extension(byte[] bytes) => bytes switch
    {
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', ..] => ".pdf",
        [(byte)'<', ..] or [0xEF, 0xBB, 0xBF, (byte)'<', ..] => ".xml",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => ".png",
        [0xFF, 0xD8, ..] => ".jpg",
        _ => ".bin",
    };

    private static void WriteJson(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case bool b: json.WriteBoolean(name, b); break;
            case int or long or short or byte: json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case decimal d: json.WriteNumber(name, d); break;
            case double d: json.WriteNumber(name, d); break;
            default: json.WriteString(name, Text(value)); break;
        }
    }

    /// <summary>A value as text the same way in both files: ISO dates in UTC, invariant numbers, enum names.</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => DateTime.SpecifyKind(d, d.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : d.Kind).ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A CSV field (RFC 4180); a leading =, +, - or @ is quoted with an apostrophe so a spreadsheet never runs it.</summary>
    private static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '@' or '\t' or '\r' || (value.Length > 1 && value[0] == '-' && !char.IsDigit(value[1])))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
