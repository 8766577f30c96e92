using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CrmSaaS.Plugins.Billing.Documents;

/// <summary>
/// What every document of Billing shares: an A4 page with its margins and line height, the fonts and
/// greys (all from <see cref="DocumentFonts"/>), and the footer with "Page x of y" drawn on each page
/// once the document is complete.
/// </summary>
internal sealed class A4Layout
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;
    public const double Left = 56;
    public const double Right = PageWidth - 56;
    public const double Row = 13;

    public XFont Regular { get; }
    public XFont Small { get; }
    public XFont Bold { get; }
    public XFont Title { get; }
    public XBrush Grey { get; } = new XSolidBrush(XColor.FromArgb(90, 90, 90));
    public XPen Rule { get; } = new(XColor.FromArgb(190, 190, 190), 0.5);

    public List<PdfPage> Pages { get; } = [];

    public PdfDocument Document { get; }

    public A4Layout(string title, string author)
    {
        // The fonts resolve through DocumentFonts, so it is installed before the first is made.
        DocumentFonts.EnsureInstalled();
        Regular = new XFont(DocumentFonts.Family, 9, XFontStyleEx.Regular);
        Small = new XFont(DocumentFonts.Family, 7, XFontStyleEx.Regular);
        Bold = new XFont(DocumentFonts.Family, 9, XFontStyleEx.Bold);
        Title = new XFont(DocumentFonts.Family, 15, XFontStyleEx.Bold);
        Document = new PdfDocument();
        Document.Options.CompressContentStreams = true;
        Document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestCompression;
        Document.Info.Title = title;
        Document.Info.Author = author;
    }

    /// <summary>A new page to draw on; the caller disposes the graphics before the next.</summary>
    public XGraphics NewPage()
    {
        var page = Document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        Pages.Add(page);
        return XGraphics.FromPdfPage(page);
    }

    /// <summary>On every page: a rule, the <paramref name="lines"/> from <paramref name="top"/> down, and the page's label (page, of) bottom right.</summary>
    public void Footer(IEnumerable<string> lines, double top, Func<int, int, string> pageLabel)
    {
        var footer = lines.ToList();
        for (var i = 0; i < Pages.Count; i++)
        {
            using var g = XGraphics.FromPdfPage(Pages[i], XGraphicsPdfPageOptions.Append);
            g.DrawLine(Rule, Left, top - 10, Right, top - 10);
            var y = top;
            foreach (var line in footer)
            {
                g.DrawString(line, Small, Grey, Left, y);
                y += 9;
            }

            RightAligned(g, pageLabel(i + 1, Pages.Count), Small, Grey, Right, PageHeight - 36);
        }
    }

    public byte[] Save()
    {
        using var output = new MemoryStream();
        Document.Save(output, closeStream: false);
        Document.Dispose();
        return output.ToArray();
    }

    /// <summary>Text ending at <paramref name="right"/> on the same baseline as left-aligned text at <paramref name="baseline"/>.</summary>
    public static void RightAligned(XGraphics gfx, string text, XFont font, XBrush brush, double right, double baseline) =>
        gfx.DrawString(text, font, brush, right - gfx.MeasureString(text, font).Width, baseline);
}
