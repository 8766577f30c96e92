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
    private const double PageHeight = A4Layout.PageHeight;
    private const double Left = A4Layout.Left;
    private const double Right = A4Layout.Right;
    private const double BodyBottom = PageHeight - 70;
    private const double Row = A4Layout.Row;

    // Columns: date, document, description, then charge, credit and balance ending at these positions.
    private const double ColNumber = Left + 58;
    private const double ColDescription = Left + 140;
    private const double ChargeColumnRight = Right - 150;
    private const double CreditColumnRight = Right - 75;
    private const double DescriptionWidth = ChargeColumnRight - 75 - ColDescription;

    public static byte[] Render(Statement statement, BillingProfile seller, DateOnly issued)
    {
        var t = DocumentTexts.For(statement.Language);
        var culture = t.Culture;
        var layout = new A4Layout($"{t.Statement} {statement.ClientName}", seller.LegalName);
        var (regular, small, bold, title, grey, rule) = (layout.Regular, layout.Small, layout.Bold, layout.Title, layout.Grey, layout.Rule);
        string D(DateOnly day) => day.ToString("d", culture);
        XGraphics NewPage() => layout.NewPage();

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

        A4Layout.RightAligned(gfx, D(issued), regular, XBrushes.Black, Right, 76);
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
            A4Layout.RightAligned(g, t.Charge, bold, XBrushes.Black, ChargeColumnRight, top);
            A4Layout.RightAligned(g, t.CreditColumn, bold, XBrushes.Black, CreditColumnRight, top);
            A4Layout.RightAligned(g, t.Balance, bold, XBrushes.Black, Right, top);
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
            A4Layout.RightAligned(gfx, M(section.OpeningMinor), regular, XBrushes.Black, Right, y);
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
                    A4Layout.RightAligned(gfx, M(entry.ChargeMinor), regular, XBrushes.Black, ChargeColumnRight, y);
                }

                if (entry.CreditMinor != 0)
                {
                    A4Layout.RightAligned(gfx, M(entry.CreditMinor), regular, XBrushes.Black, CreditColumnRight, y);
                }

                A4Layout.RightAligned(gfx, M(entry.BalanceMinor), regular, XBrushes.Black, Right, y);
                y += (description.Count - 1) * Row + 3;
            }

            Ensure(2 * Row, ref y);
            y += 4;
            gfx.DrawLine(rule, Left, y, Right, y);
            y += Row;
            gfx.DrawString(D(statement.To), bold, XBrushes.Black, Left, y);
            gfx.DrawString(t.Closing, bold, XBrushes.Black, ColDescription, y);
            A4Layout.RightAligned(gfx, M(section.ChargedMinor), bold, XBrushes.Black, ChargeColumnRight, y);
            A4Layout.RightAligned(gfx, M(section.CreditedMinor), bold, XBrushes.Black, CreditColumnRight, y);
            A4Layout.RightAligned(gfx, M(section.ClosingMinor), bold, XBrushes.Black, Right, y);
            y += Row;
        }

        if (statement.Sections.Any(s => s.ClosingMinor < 0))
        {
            Ensure(2 * Row, ref y);
            y += Row;
            gfx.DrawString(t.OwedToYou, regular, XBrushes.Black, Left, y);
        }

        gfx.Dispose();
        layout.Footer([$"{seller.LegalName} · {seller.Street} · {seller.PostalCode} {seller.City} · {seller.Country}"], PageHeight - 46, t.Page);
        return layout.Save();
    }
}
