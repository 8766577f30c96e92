using CrmSaaS.Kernel.Common;
using CrmSaaS.Plugins.Billing.Domain;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CrmSaaS.Plugins.Billing.Documents;

/// <summary>
/// A client's statement of account as a PDF (A4) in the client's language: the seller and the client,
/// the period, and per currency the opening balance, every invoice, credit note and payment with the
/// running balance, and the closing balance. Long statements break across pages with the header repeated.
/// </summary>
public static class StatementPdf
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double Left = 56;
    private const double Right = PageWidth - 56;
    private const double BodyBottom = PageHeight - 70;
    private const double Row = 13;

    // Columns: date, document, description, then charge, credit and balance ending at these positions.
    private const double ColNumber = Left + 58;
    private const double ColDescription = Left + 140;
    private const double ChargeColumnRight = Right - 150;
    private const double CreditColumnRight = Right - 75;
    private const double DescriptionWidth = ChargeColumnRight - 75 - ColDescription;

    public static byte[] Render(Statement statement, BillingProfile seller, DateOnly issued)
    {
        DocumentFonts.EnsureInstalled();
        var t = DocumentTexts.For(statement.Language);
        var culture = t.Culture;
        var regular = new XFont(DocumentFonts.Family, 9, XFontStyleEx.Regular);
        var small = new XFont(DocumentFonts.Family, 7, XFontStyleEx.Regular);
        var bold = new XFont(DocumentFonts.Family, 9, XFontStyleEx.Bold);
        var title = new XFont(DocumentFonts.Family, 15, XFontStyleEx.Bold);
        var grey = new XSolidBrush(XColor.FromArgb(90, 90, 90));
        var rule = new XPen(XColor.FromArgb(190, 190, 190), 0.5);
        string D(DateOnly day) => day.ToString("d", culture);

        using var document = new PdfDocument();
        document.Options.CompressContentStreams = true;
        document.Info.Title = $"{t.Statement} {statement.ClientName}";
        document.Info.Author = seller.LegalName;
        var pages = new List<PdfPage>();

        XGraphics NewPage()
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            pages.Add(page);
            return XGraphics.FromPdfPage(page);
        }

        var gfx = NewPage();
        var y = 60.0;
        gfx.DrawString($"{seller.LegalName} · {seller.Street} · {seller.PostalCode} {seller.City}", small, grey, Left, y);
        y += 16;
        var party = DocumentParty.FromText(statement.ClientName, statement.ClientAddress, statement.ClientCountry, null, null);
        var lines = new List<string> { party.Name };
        lines.AddRange(party.AddressLines);
        lines.Add($"{party.PostalCode} {party.City}".Trim());
        foreach (var line in lines.Where(l => l.Length > 0).SelectMany(l => InvoicePdf.Wrap(gfx, l, regular, 230)))
        {
            gfx.DrawString(line, regular, XBrushes.Black, Left, y);
            y += Row;
        }

        InvoicePdf.RightAligned(gfx, D(issued), regular, XBrushes.Black, Right, 76);
        y += 24;
        gfx.DrawString(t.Statement, title, XBrushes.Black, Left, y);
        y += Row + 2;
        gfx.DrawString(t.StatementPeriod(D(statement.From), D(statement.To)), regular, XBrushes.Black, Left, y);
        y += 6;

        void Header(XGraphics g, ref double top)
        {
            top += 14;
            g.DrawString(t.Date, bold, XBrushes.Black, Left, top);
            g.DrawString(t.Document, bold, XBrushes.Black, ColNumber, top);
            g.DrawString(t.Description, bold, XBrushes.Black, ColDescription, top);
            InvoicePdf.RightAligned(g, t.Charge, bold, XBrushes.Black, ChargeColumnRight, top);
            InvoicePdf.RightAligned(g, t.CreditColumn, bold, XBrushes.Black, CreditColumnRight, top);
            InvoicePdf.RightAligned(g, t.Balance, bold, XBrushes.Black, Right, top);
            top += 5;
            g.DrawLine(rule, Left, top, Right, top);
            top += 4;
        }

        void Ensure(double height, ref double top)
        {
            if (top + height > BodyBottom)
            {
                gfx.Dispose();
                gfx = NewPage();
                top = 50;
                gfx.DrawString($"{t.Statement} {statement.ClientName} ({t.Continued})", bold, XBrushes.Black, Left, top);
                Header(gfx, ref top);
            }
        }

        if (statement.Sections.Count == 0)
        {
            y += 20;
            gfx.DrawString(t.NoMovements, regular, XBrushes.Black, Left, y);
        }

        foreach (var section in statement.Sections)
        {
            string M(long minor) => new Money(minor, section.Currency).Format(culture);
            Ensure(5 * Row, ref y);
            y += 18;
            gfx.DrawString(t.InCurrency(section.Currency), bold, XBrushes.Black, Left, y);
            Header(gfx, ref y);
            y += Row - 3;
            gfx.DrawString(D(statement.From), regular, XBrushes.Black, Left, y);
            gfx.DrawString(t.Opening, regular, XBrushes.Black, ColDescription, y);
            InvoicePdf.RightAligned(gfx, M(section.OpeningMinor), regular, XBrushes.Black, Right, y);
            y += 3;
            foreach (var entry in section.Entries)
            {
                var description = InvoicePdf.Wrap(gfx, t.Describe(entry), regular, DescriptionWidth);
                Ensure(description.Count * Row + 3, ref y);
                y += Row - 3;
                gfx.DrawString(D(entry.Date), regular, XBrushes.Black, Left, y);
                gfx.DrawString(entry.Number, regular, XBrushes.Black, ColNumber, y);
                for (var i = 0; i < description.Count; i++)
                {
                    gfx.DrawString(description[i], regular, XBrushes.Black, ColDescription, y + i * Row);
                }

                if (entry.ChargeMinor != 0)
                {
                    InvoicePdf.RightAligned(gfx, M(entry.ChargeMinor), regular, XBrushes.Black, ChargeColumnRight, y);
                }

                if (entry.CreditMinor != 0)
                {
                    InvoicePdf.RightAligned(gfx, M(entry.CreditMinor), regular, XBrushes.Black, CreditColumnRight, y);
                }

                InvoicePdf.RightAligned(gfx, M(entry.BalanceMinor), regular, XBrushes.Black, Right, y);
                y += (description.Count - 1) * Row + 3;
            }

            Ensure(2 * Row, ref y);
            y += 4;
            gfx.DrawLine(rule, Left, y, Right, y);
            y += Row;
            gfx.DrawString(D(statement.To), bold, XBrushes.Black, Left, y);
            gfx.DrawString(t.Closing, bold, XBrushes.Black, ColDescription, y);
            InvoicePdf.RightAligned(gfx, M(section.ChargedMinor), bold, XBrushes.Black, ChargeColumnRight, y);
            InvoicePdf.RightAligned(gfx, M(section.CreditedMinor), bold, XBrushes.Black, CreditColumnRight, y);
            InvoicePdf.RightAligned(gfx, M(section.ClosingMinor), bold, XBrushes.Black, Right, y);
            y += Row;
        }

        if (statement.Sections.Any(s => s.ClosingMinor < 0))
        {
            Ensure(2 * Row, ref y);
            y += Row;
            gfx.DrawString(t.OwedToYou, regular, XBrushes.Black, Left, y);
        }

        gfx.Dispose();
        for (var i = 0; i < pages.Count; i++)
        {
            using var g = XGraphics.FromPdfPage(pages[i], XGraphicsPdfPageOptions.Append);
            g.DrawLine(rule, Left, PageHeight - 56, Right, PageHeight - 56);
            g.DrawString($"{seller.LegalName} · {seller.Street} · {seller.PostalCode} {seller.City} · {seller.Country}", small, grey, Left, PageHeight - 46);
            InvoicePdf.RightAligned(g, t.Page(i + 1, pages.Count), small, grey, Right, PageHeight - 36);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
