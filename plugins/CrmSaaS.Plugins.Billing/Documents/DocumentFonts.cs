using PdfSharp.Fonts;

namespace CrmSaaS.Plugins.Billing.Documents;

/// <summary>
/// The one font documents use, DejaVu Sans (licence beside the file), embedded in this assembly:
/// documents look the same on every machine and never depend on system fonts. Bold is drawn from the
/// same face, so each document embeds one font subset, not two.
/// </summary>
internal sealed class DocumentFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>Installs the resolver once per process (PDFsharp's font settings are global).</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            GlobalFontSettings.FontResolver ??= new DocumentFonts();
            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) => new(Regular, isBold, isItalic);

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(DocumentFonts).Assembly.GetManifestResourceStream($"CrmSaaS.Billing.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font {faceName} is not embedded.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
