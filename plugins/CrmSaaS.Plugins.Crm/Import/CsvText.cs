using System.Text;
using Microsoft.AspNetCore.Http;

namespace CrmSaaS.Plugins.Crm.Import;

/// <summary>
/// An uploaded file as text, whatever a spreadsheet saved it as: a byte-order mark decides (UTF-8,
/// UTF-16); otherwise UTF-8 when every byte sequence is valid UTF-8, else Windows-1252 (the Latin-1
/// superset Excel writes on Western European systems), so "Jürgen" stays "Jürgen". A file with NUL
/// bytes or many control characters is not text at all.
/// </summary>
public static class CsvText
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static CsvText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static async Task<string?> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)Math.Min(file.Length, int.MaxValue));
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }

        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static string? Decode(ReadOnlySpan<byte> bytes)
    {
        string text;
        if (bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            text = Encoding.UTF8.GetString(bytes[3..]);
        }
        else if (bytes.StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            text = Encoding.Unicode.GetString(bytes[2..]);
        }
        else if (bytes.StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            text = Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }
        else if (bytes.Contains((byte)0))
        {
            return null;
        }
        else
        {
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                text = Encoding.GetEncoding(1252).GetString(bytes);
            }
        }

        return LooksLikeText(text) ? text : null;
    }

    /// <summary>Text has next to no control characters besides tabs and line breaks; binary data has many.</summary>
    private static bool LooksLikeText(string text)
    {
        var sample = text.AsSpan(0, Math.Min(text.Length, 8192));
        var control = 0;
        foreach (var c in sample)
        {
            if (c == '\0' || (char.IsControl(c) && c is not ('\t' or '\r' or '\n')))
            {
                control++;
            }
        }

        return control * 100 <= sample.Length;
    }
}
