using System.Globalization;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Plugins.Billing.Domain;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CrmSaaS.Plugins.Billing.Documents;

/// <summary>
/// An invoice or credit note as a PDF (A4) in the client's language with every field § 14 UStG asks
/// for: both parties with addresses, the seller's VAT ID or tax number, issue date, number, service
/// period, quantity and kind of each service, net per VAT rate with rate and amount (or why there is
/// none), the total and the due date; payment instructions with a GiroCode for EUR and an IBAN. Long
/// invoices break across pages and repeat the table's header. Every amount is the stored one.
/// </summary>
public static class InvoicePdf
{
    private const double PageHeight = A4Layout.PageHeight;
    private const double Left = A4Layout.Left;
    private const double Right = A4Layout.Right;
    private const double BodyBottom = PageHeight - 96;
    private const double Row = A4Layout.Row;

    // Columns of the lines table: position, description, quantity, unit price, amount.
    private const double ColPosition = Left;
    private const double ColDescription = Left + 26;
    private const double QuantityColumnRight = Left + 318;
    private const double UnitColumnRight = Left + 400;
    private const double DescriptionWidth = QuantityColumnRight - 70 - ColDescription;

    public static byte[] Render(DocumentData data)
    {
        var t = DocumentTexts.For(data.Language);
        var culture = t.Culture;
        var heading = (data.Kind == DocumentKind.CreditNote ? t.CreditNote : t.Invoice) + " " + data.Number;
        var layout = new A4Layout(heading, data.Seller.LegalName);
        var (regular, small, bold, title, grey, rule) = (layout.Regular, layout.Small, layout.Bold, layout.Title, layout.Grey, layout.Rule);
        layout.Document.Info.Subject = data.Buyer.Name;
        XGraphics NewPage() => layout.NewPage();

        string M(long minor) => new Money(minor, data.Currency).Format(culture);
        string D(DateOnly day) => day.ToString("d", culture);

        var gfx = NewPage();
        var y = 50.0;

        // Letterhead: the logo on the right, the sender line above the buyer's address on the left.
        if (data.Seller.Logo is { Length: > 0 } logo)
        {
            using var image = XImage.FromStream(new MemoryStream(logo));
            var scale = Math.Min(150 / image.PointWidth, 60 / image.PointHeight);
            gfx.DrawImage(image, Right - image.PointWidth * scale, 40, image.PointWidth * scale, image.PointHeight * scale);
        }

        y = 120;
        gfx.DrawString($"{data.Seller.LegalName} · {data.Seller.Street} · {data.Seller.PostalCode} {data.Seller.City}", small, grey, Left, y);
        y += 16;
        var buyerLines = new List<string> { data.Buyer.Name };
        buyerLines.AddRange(data.Buyer.AddressLines);
        if (data.Buyer.PostalCode is not null || data.Buyer.City is not null)
        {
            buyerLines.Add($"{data.Buyer.PostalCode} {data.Buyer.City}".Trim());
        }

        if (data.Buyer.Country != data.Seller.Country)
        {
            buyerLines.Add(CountryName(data.Buyer.Country));
        }
        foreach (var line in buyerLines.Where(l => l.Length > 0).SelectMany(l => Wrap(gfx, l, regular, 230)))
        {
            gfx.DrawString(line, regular, XBrushes.Black, Left, y);
            y += Row;
        }

        // The facts box on the right.
        var facts = new List<(string, string)> { (t.Number, data.Number), (t.IssueDate, D(data.IssueDate)) };
        facts.Add((t.ServicePeriod, data.PeriodFrom is { } from && from != data.PeriodTo ? $"{D(from)} – {D(data.PeriodTo)}" : D(data.PeriodTo)));
        if (data.DueDate is { } due && data.Kind == DocumentKind.Invoice)
        {
            facts.Add((t.DueDate, D(due)));
        }

        if (data.Buyer.VatId is { } buyerVat)
        {
            facts.Add((t.CustomerVatId, buyerVat));
        }

        if (data.BuyerReference is { } reference)
        {
            facts.Add((t.BuyerReference, reference));
        }

        var fy = 136.0;
        foreach (var (label, value) in facts)
        {
            gfx.DrawString(label, regular, grey, Left + 250, fy);
            RightAligned(gfx, value, regular, XBrushes.Black, Right, fy);
            fy += Row;
        }

        y = Math.Max(y, fy) + 24;
        gfx.DrawString(heading, title, XBrushes.Black, Left, y);
        y += 12;
        if (data.PrecedingNumber is { } preceding)
        {
            y += 6;
            gfx.DrawString(t.Corrects(preceding, data.PrecedingIssueDate is { } pd ? D(pd) : ""), regular, XBrushes.Black, Left, y);
            y += 6;
        }

        void Header(XGraphics g, ref double top)
        {
            top += 14;
            g.DrawString(t.Position, bold, XBrushes.Black, ColPosition, top);
            g.DrawString(t.Description, bold, XBrushes.Black, ColDescription, top);
            RightAligned(g, t.Quantity, bold, XBrushes.Black, QuantityColumnRight, top);
            RightAligned(g, t.UnitPrice, bold, XBrushes.Black, UnitColumnRight, top);
            RightAligned(g, t.Amount, bold, XBrushes.Black, Right, top);
            top += 5;
            g.DrawLine(rule, Left, top, Right, top);
            top += 4;
        }

        Header(gfx, ref y);
        foreach (var line in data.Lines)
        {
            var wrapped = Wrap(gfx, line.Description, regular, DescriptionWidth);
            var height = wrapped.Count * Row + 3;
            if (y + height > BodyBottom)
            {
                gfx.Dispose();
                gfx = NewPage();
                y = 50;
                gfx.DrawString($"{heading} ({t.Continued})", bold, XBrushes.Black, Left, y);
                Header(gfx, ref y);
            }

            y += Row - 3;
            gfx.DrawString(line.Position.ToString(CultureInfo.InvariantCulture), regular, XBrushes.Black, ColPosition, y);
            for (var i = 0; i < wrapped.Count; i++)
            {
                gfx.DrawString(wrapped[i], regular, XBrushes.Black, ColDescription, y + i * Row);
            }

            var quantity = line.Quantity.ToString("#,##0.####", culture) + (line.Kind == LineKind.Time ? " " + t.Hours : "");
            RightAligned(gfx, quantity, regular, XBrushes.Black, QuantityColumnRight, y);
            RightAligned(gfx, Price(line.UnitPrice, data.Currency, culture), regular, XBrushes.Black, UnitColumnRight, y);
            RightAligned(gfx, M(line.NetMinor), regular, XBrushes.Black, Right, y);
            y += (wrapped.Count - 1) * Row + 3;
        }

        // Totals, the VAT note and payment instructions stay together.
        var needed = (5 + data.Totals.Vat.Count) * Row + 130;
        if (y + needed > BodyBottom)
        {
            gfx.Dispose();
            gfx = NewPage();
            y = 50;
        }

        y += 4;
        gfx.DrawLine(rule, Left + 250, y, Right, y);
        y += Row;

        void Total(string label, string value, XFont font)
        {
            RightAligned(gfx, label, font, XBrushes.Black, UnitColumnRight, y);
            RightAligned(gfx, value, font, XBrushes.Black, Right, y);
            y += Row;
        }

        Total(t.Net, M(data.Totals.NetMinor), regular);
        foreach (var vat in data.Totals.Vat)
        {
            Total(t.VatOn(vat.Rate.ToString("0.##", culture), M(vat.BaseMinor)), M(vat.VatMinor), regular);
        }

        Total(t.Total, M(data.Totals.GrossMinor), bold);
        y += 8;
        if (data.Tax is { } tax)
        {
            gfx.DrawString(t.VatIn(tax.Currency, new Money(tax.VatMinor, tax.Currency).Format(culture), tax.Rate.ToString("0.########", culture), data.Currency, D(tax.Day)), regular, XBrushes.Black, Left, y);
            y += Row;
        }

        if (data.Fx is { } fx)
        {
            gfx.DrawString(t.Converted(fx.From, fx.Rate.ToString("0.########", culture), data.Currency, D(fx.Day)), regular, XBrushes.Black, Left, y);
            y += Row;
        }

        if (data.VatNote is { } note)
        {
            foreach (var part in Wrap(gfx, note, regular, Right - Left))
            {
                gfx.DrawString(part, regular, XBrushes.Black, Left, y);
                y += Row;
            }

            y += 4;
        }

        var gross = new Money(data.Totals.GrossMinor, data.Currency);
        if (data.Kind == DocumentKind.CreditNote)
        {
            gfx.DrawString(t.Refund, regular, XBrushes.Black, Left, y);
        }
        else if (gross.MinorUnits > 0)
        {
            gfx.DrawString(data.DueDate is { } payBy && payBy > data.IssueDate ? t.PayBy(gross.Format(culture), D(payBy)) : t.PayNow(gross.Format(culture)), regular, XBrushes.Black, Left, y);
            y += Row;
            if (data.Seller.Iban is { } iban)
            {
                gfx.DrawString($"IBAN {BankDetails.FormatIban(iban)}" + (data.Seller.Bic is { } bic ? $" · BIC {bic}" : "") + (data.Seller.BankName is { } bank ? $" · {bank}" : ""), regular, XBrushes.Black, Left, y);
                y += Row;
            }

            gfx.DrawString(t.Reference(data.Number), regular, XBrushes.Black, Left, y);
            if (data.Seller.Iban is { } qrIban && data.Currency == "EUR")
            {
                var modules = EpcQrCode.Modules(EpcQrCode.Payload(data.Seller.LegalName, qrIban, data.Seller.Bic, gross, data.Number));
                var size = 80.0;
                var cell = size / modules.Length;
                var top = y - 2 * Row - 4;
                for (var r = 0; r < modules.Length; r++)
                {
                    for (var c = 0; c < modules[r].Length; c++)
                    {
                        if (modules[r][c])
                        {
                            gfx.DrawRectangle(XBrushes.Black, Right - size + c * cell, top + r * cell, cell + 0.05, cell + 0.05);
                        }
                    }
                }

                RightAligned(gfx, t.ScanToPay, small, grey, Right, top + size + 7);
            }
        }

        gfx.Dispose();

        // The footer on every page: who the seller is, tax IDs, bank, the footer text and the page number.
        var seller = data.Seller;
        var ids = string.Join(" · ", new[] { seller.VatId is { } v ? $"{t.VatId} {v}" : null, seller.TaxNumber is { } tn ? $"{t.TaxNumber} {tn}" : null }.Where(x => x is not null));
        var footer = new List<string>
        {
            $"{seller.LegalName} · {seller.Street} · {seller.PostalCode} {seller.City} · {seller.Country}",
            string.Join(" · ", new[] { ids, seller.ContactEmail, seller.ContactPhone }.Where(x => !string.IsNullOrEmpty(x))),
        };
        if (seller.Footer is { } extra)
        {
            footer.AddRange(extra.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        layout.Footer(footer.Take(4), PageHeight - 80, t.Page);
        return layout.Save();
    }

    /// <summary>A unit price with the currency's minor digits and up to four in all: "95.00 EUR", "1,500 JPY", "12.3456 EUR".</summary>
    private static string Price(decimal price, string currency, CultureInfo culture)
    {
        var exponent = Currencies.Exponent(currency);
        var format = "#,##0" + (exponent > 0 || price != decimal.Truncate(price) ? "." + new string('0', exponent) + new string('#', Math.Max(0, 4 - exponent)) : "");
        return price.ToString(format, culture) + " " + currency;
    }

    private static void RightAligned(XGraphics gfx, string text, XFont font, XBrush brush, double right, double baseline) =>
        A4Layout.RightAligned(gfx, text, font, brush, right, baseline);

    private static string CountryName(string code)
    {
        try
        {
            return new RegionInfo(code).NativeName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }

    internal static List<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r", "").Split('\n'))
        {
            var current = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (current.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
                {
                    lines.Add(current);
                    current = word;
                }
                else
                {
                    current = candidate;
                }

                // A single word wider than the column is cut where it no longer fits.
                while (gfx.MeasureString(current, font).Width > width && current.Length > 1)
                {
                    var cut = current.Length - 1;
                    while (cut > 1 && gfx.MeasureString(current[..cut], font).Width > width)
                    {
                        cut--;
                    }

                    lines.Add(current[..cut]);
                    current = current[cut..];
                }
            }

            lines.Add(current);
        }

        return lines;
    }
}
