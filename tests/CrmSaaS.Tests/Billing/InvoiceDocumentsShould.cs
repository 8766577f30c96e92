using System.Text;
using System.Xml.Linq;
using CrmSaaS.Plugins.Billing.Documents;
using CrmSaaS.Plugins.Billing.Domain;
using UglyToad.PdfPig;

namespace CrmSaaS.Tests.Billing;

/// <summary>
/// The issued documents: the PDF read back as text shows every stored number and the fields § 14 UStG
/// needs, long invoices break across pages with the header repeated; the e-invoice passes the official
/// EN 16931 rules (and XRechnung's for German buyers) in every VAT case.
/// </summary>
public sealed class InvoiceDocumentsShould
{
    private static BillingProfile Seller(bool smallBusiness = false) => new()
    {
        LegalName = "Pixel & Partner GmbH", Street = "Hauptstraße 5", PostalCode = "10115", City = "Berlin", Country = "DE",
        VatId = "DE123456789", TaxNumber = "30/123/45678", ContactName = "Olivia Org", ContactEmail = "billing@pixel.test", ContactPhone = "+49 30 123",
        Iban = "DE89370400440532013000", Bic = "COBADEFFXXX", BankName = "Commerzbank", Footer = "Amtsgericht Berlin HRB 12345", SmallBusiness = smallBusiness,
    };

    private static DocumentData Data(string currency = "EUR", string language = "en", string country = "DE", string? vatId = "DE987654321", string? reference = "04011000-12345-34",
        IReadOnlyList<DocumentLine>? lines = null, string? note = null, DocumentKind kind = DocumentKind.Invoice, BillingProfile? seller = null)
    {
        lines ??=
        [
            new(1, LineKind.Time, "Website relaunch: design", 12.5m, 95m, 118750, "S", 19m),
            new(2, LineKind.Fee, "Hosting", 1, 49.99m, 4999, "S", 19m),
        ];
        var totals = InvoiceTotals.Compute(currency, lines.Select(l => new TotalsLine(l.NetMinor, l.VatCategory, l.VatRate)));
        return new DocumentData(kind, kind == DocumentKind.CreditNote ? "GS-2026-0001" : "RE-2611-0007", new DateOnly(2026, 11, 2), kind == DocumentKind.Invoice ? new DateOnly(2026, 11, 16) : null,
            new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), currency, language, seller ?? Seller(),
            DocumentParty.FromText("Acme Maschinenbau AG", "Industriestraße 7\n80331 München", country, vatId, "ap@acme.test"), reference, lines, totals, note,
            kind == DocumentKind.CreditNote ? "RE-2611-0007" : null, kind == DocumentKind.CreditNote ? new DateOnly(2026, 11, 2) : null);
    }

    private static string Text(byte[] pdf) => BillingApp.PdfText(pdf);

    private static List<string> Pages(byte[] pdf) => BillingApp.PdfPages(pdf);

    [Fact]
    public void PrintEveryRequiredFieldAndTheStoredAmountsInTheClientsLanguage()
    {
        var data = Data(language: "de");

        var text = Text(InvoicePdf.Render(data));

        foreach (var expected in new[]
        {
            "Rechnung RE-2611-0007", "Pixel & Partner GmbH", "Hauptstraße 5", "10115 Berlin", "Acme Maschinenbau AG", "Industriestraße 7", "80331 München",
            "USt-IdNr. DE123456789", "Steuernr. 30/123/45678", "USt-IdNr. Kunde DE987654321", "02.11.2026", "01.10.2026 – 31.10.2026", "16.11.2026",
            "Website relaunch: design", "12,5 Std.", "95,00 EUR", "1.187,50 EUR", "Hosting", "49,99 EUR",
            "Summe netto 1.237,49 EUR", "USt. 19 % auf 1.237,49 EUR 235,12 EUR", "Gesamtbetrag 1.472,61 EUR",
            "IBAN DE89 3704 0044 0532 0130 00", "Verwendungszweck: RE-2611-0007", "Seite 1 von 1", "Amtsgericht Berlin HRB 12345",
        })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Equal((123749L, 23512L, 147261L), (data.Totals.NetMinor, data.Totals.VatMinor, data.Totals.GrossMinor));
        Assert.Contains("Invoice RE-2611-0007", Text(InvoicePdf.Render(Data(language: "en"))), StringComparison.Ordinal);
    }

    [Fact]
    public void SayWhyThereIsNoVatForASmallBusiness()
    {
        var lines = new List<DocumentLine> { new(1, LineKind.Fee, "Beratung", 2, 100m, 20000, "E", 0m) };
        var text = Text(InvoicePdf.Render(Data(language: "de", lines: lines, note: "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.", seller: Seller(smallBusiness: true))));

        Assert.Contains("Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.", text, StringComparison.Ordinal);
        Assert.Contains("Gesamtbetrag 200,00 EUR", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BreakFiveHundredLinesAcrossPagesWithTheHeaderOnEach()
    {
        var lines = Enumerable.Range(1, 500).Select(i => new DocumentLine(i, LineKind.Time, $"Task number {i} with a longer description that has to wrap onto a second line in the table",
            1.25m, 80m, 10000, "S", 19m)).ToList();

        var pages = Pages(InvoicePdf.Render(Data(lines: lines)));

        Assert.True(pages.Count > 10, $"{pages.Count} pages");
        Assert.All(pages.SkipLast(1), p => Assert.Contains("No. Description Quantity Unit price Amount", p, StringComparison.Ordinal));
        Assert.All(pages.Select((p, i) => (p, i)), x => Assert.Contains($"Page {x.i + 1} of {pages.Count}", x.p, StringComparison.Ordinal));
        var all = string.Join("\n", pages);
        Assert.All(Enumerable.Range(1, 500), i => Assert.Contains($"Task number {i} with", all, StringComparison.Ordinal));
        Assert.Contains("Total 59,500.00 EUR", all, StringComparison.Ordinal);
    }

    [Fact]
    public void CarryAGiroCodeForEuroInvoicesWithAnIban()
    {
        var payload = EpcQrCode.Payload("Pixel & Partner GmbH", "DE89370400440532013000", "COBADEFFXXX", new CrmSaaS.Kernel.Common.Money(147261, "EUR"), "RE-2611-0007");

        Assert.Equal("BCD\n002\n1\nSCT\nCOBADEFFXXX\nPixel & Partner GmbH\nDE89370400440532013000\nEUR1472.61\n\n\nRE-2611-0007", payload);
        Assert.True(EpcQrCode.Modules(payload).Length > 25);
        Assert.Throws<ArgumentOutOfRangeException>(() => EpcQrCode.Payload("x", "DE89370400440532013000", null, new CrmSaaS.Kernel.Common.Money(100, "USD"), "1"));
    }

    public static TheoryData<string> Cases => ["standard", "reverse-charge", "exempt", "not-subject", "multi-rate", "credit-note", "jpy", "small-business"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PassTheOfficialRules(string name)
    {
        var data = name switch
        {
            "reverse-charge" => Data(country: "FR", vatId: "FR12345678901", reference: null, note: "Reverse charge: VAT is payable by the recipient.",
                lines: [new(1, LineKind.Time, "Consulting", 10, 120m, 120000, "AE", 0m)]),
            "exempt" => Data(note: "Exempt from VAT.", lines: [new(1, LineKind.Fee, "Training", 1, 900m, 90000, "E", 0m)]),
            "not-subject" => Data(country: "US", vatId: null, reference: null, note: "Not subject to VAT.", lines: [new(1, LineKind.Time, "Support", 3, 100m, 30000, "O", 0m)]),
            "multi-rate" => Data(lines:
            [
                new(1, LineKind.Time, "Design", 7.25m, 95m, 68875, "S", 19m),
                new(2, LineKind.Expense, "Printed brochures", 3, 33.33m, 9999, "S", 7m),
                new(3, LineKind.Discount, "Loyalty discount", -1, 50m, -5000, "S", 19m),
            ]),
            "credit-note" => Data(kind: DocumentKind.CreditNote),
            "jpy" => Data(currency: "JPY", country: "JP", vatId: null, reference: null, lines: [new(1, LineKind.Time, "Localisation", 4, 12000m, 48000, "S", 10m)]),
            "small-business" => Data(note: "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.", seller: Seller(smallBusiness: true), lines: [new(1, LineKind.Fee, "Beratung", 2, 100m, 20000, "E", 0m)]),
            _ => Data(),
        };

        var xml = InvoiceXml.Render(data);
        var (valid, report) = await EInvoiceValidator.ValidateAsync(xml, InvoiceXml.IsXRechnung(data));

        Assert.True(valid, report + "\n" + Encoding.UTF8.GetString(xml));
        var ns = XNamespace.Get("urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100");
        var doc = XDocument.Parse(Encoding.UTF8.GetString(xml));
        var sums = doc.Descendants(ns + "SpecifiedTradeSettlementHeaderMonetarySummation").Single();
        Assert.Equal(new CrmSaaS.Kernel.Common.Money(data.Totals.GrossMinor, data.Currency).FormatNumber(System.Globalization.CultureInfo.InvariantCulture), sums.Element(ns + "GrandTotalAmount")!.Value);
    }
}
