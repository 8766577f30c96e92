using System.Globalization;
using System.Text;
using System.Xml.Linq;
using CrmSaaS.Plugins.Billing.Documents;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Plugins.Billing.Domain;

namespace CrmSaaS.Tests.Billing;

/// <summary>
/// EN 16931's calculation rules hold for invoices nobody wrote by hand: random lines (hours and pieces,
/// prices with up to four decimals, 19 % and 7 %, discounts), totals computed as issuing does, the
/// XML read back — BR-CO-10 (lines add up to the net), BR-CO-14 (the VAT breakdown adds up to the VAT),
/// BR-CO-15 (gross = net + VAT), BR-CO-17 (VAT = base × rate, rounded) — and the official rules pass.
/// </summary>
public sealed class InvoiceRulesShould
{
    private static readonly XNamespace Ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";

    private static BillingProfile Seller() => new()
    {
        LegalName = "Pixel & Partner GmbH", Street = "Hauptstraße 5", PostalCode = "10115", City = "Berlin", Country = "DE", VatId = "DE123456789",
        ContactName = "Olivia Org", ContactEmail = "billing@pixel.test", ContactPhone = "+49 30 123", Iban = "DE89370400440532013000", Bic = "COBADEFFXXX",
    };

    /// <summary>A random invoice as drafting makes one: each line's net rounded once from quantity × price.</summary>
    private static DocumentData RandomInvoice(int seed, string currency)
    {
        var random = new Random(seed);
        var lines = new List<DocumentLine>();
        var count = random.Next(1, 40);
        for (var i = 1; i <= count; i++)
        {
            var time = random.Next(3) > 0;
            var quantity = time ? random.Next(1, 160) * 0.25m : random.Next(1, 20);
            var price = Math.Round((decimal)random.NextDouble() * 250m, random.Next(0, 5));
            var rate = random.Next(4) == 0 ? 7m : 19m;
            var discount = i > 1 && random.Next(8) == 0;
            var net = InvoiceTotals.LineNet(discount ? -1 : quantity, price, currency);
            lines.Add(new DocumentLine(i, discount ? LineKind.Discount : time ? LineKind.Time : LineKind.Fee, discount ? "Discount" : $"Service {i}",
                discount ? -1 : quantity, price, net, "S", rate));
        }

        var totals = InvoiceTotals.Compute(currency, lines.Select(l => new TotalsLine(l.NetMinor, l.VatCategory, l.VatRate)));
        return new DocumentData(DocumentKind.Invoice, $"RE-{seed:D4}", new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 16), new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31),
            currency, "de", Seller(), DocumentParty.FromText("Acme Maschinenbau AG", "Industriestraße 7\n80331 München", "DE", "DE987654321", "ap@acme.test"),
            "04011000-12345-34", lines, totals, null, null, null);
    }

    public static TheoryData<int, string> Seeds => new() { { 11, "EUR" }, { 2026, "EUR" }, { 31337, "EUR" }, { 7, "JPY" } };

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task HoldTheCalculationRulesForRandomInvoices(int seed, string currency)
    {
        var data = RandomInvoice(seed, currency);
        if (data.Totals.GrossMinor <= 0)
        {
            data = RandomInvoice(seed + 1, currency);
        }

        var xml = InvoiceXml.Render(data);
        var doc = XDocument.Parse(Encoding.UTF8.GetString(xml));
        decimal Amount(XElement e) => decimal.Parse(e.Value, CultureInfo.InvariantCulture);
        var sums = doc.Descendants(Ram + "SpecifiedTradeSettlementHeaderMonetarySummation").Single();
        var lineTotals = doc.Descendants(Ram + "SpecifiedLineTradeSettlement").Select(s => Amount(s.Descendants(Ram + "LineTotalAmount").Single())).ToList();
        var breakdown = doc.Descendants(Ram + "ApplicableTradeTax").Where(t => t.Parent!.Name == Ram + "ApplicableHeaderTradeSettlement").ToList();

        Assert.Equal(data.Lines.Count, lineTotals.Count);
        Assert.Equal(lineTotals.Sum(), Amount(sums.Element(Ram + "LineTotalAmount")!)); // BR-CO-10
        Assert.Equal(breakdown.Sum(t => Amount(t.Element(Ram + "CalculatedAmount")!)), Amount(sums.Element(Ram + "TaxTotalAmount")!)); // BR-CO-14
        Assert.Equal(Amount(sums.Element(Ram + "TaxBasisTotalAmount")!) + Amount(sums.Element(Ram + "TaxTotalAmount")!), Amount(sums.Element(Ram + "GrandTotalAmount")!)); // BR-CO-15
        foreach (var t in breakdown) // BR-CO-17
        {
            var decimals = Currencies.Exponent(currency);
            Assert.Equal(Math.Round(Amount(t.Element(Ram + "BasisAmount")!) * Amount(t.Element(Ram + "RateApplicablePercent")!) / 100, decimals, MidpointRounding.AwayFromZero),
                Amount(t.Element(Ram + "CalculatedAmount")!));
        }

        var (valid, report) = await EInvoiceValidator.ValidateAsync(xml, InvoiceXml.IsXRechnung(data));
        Assert.True(valid, report);
    }

    [Fact]
    public async Task KeepThreeDecimalCurrenciesExactAndMakeNoEInvoiceEn16931CannotState()
    {
        var lines = new List<DocumentLine> { new(1, LineKind.Time, "Advisory", 3, 12.345m, InvoiceTotals.LineNet(3, 12.345m, "KWD"), "S", 19m) };
        var data = RandomInvoice(1, "KWD") with { Language = "en", Lines = lines, Totals = InvoiceTotals.Compute("KWD", lines.Select(l => new TotalsLine(l.NetMinor, l.VatCategory, l.VatRate))) };

        Assert.Equal((37_035L, 7_037L, 44_072L), (data.Totals.NetMinor, data.Totals.VatMinor, data.Totals.GrossMinor)); // 37.035 + 19 % (7.03665 → 7.037)
        Assert.Contains("44.072 KWD", BillingApp.PdfText(InvoicePdf.Render(data)), StringComparison.Ordinal);

        // EN 16931 allows two decimals at most: a KWD invoice gets no e-invoice rather than one that fails BR-DEC.
        Assert.False(InvoiceXml.Supports("KWD"));
        Assert.True(InvoiceXml.Supports("JPY"));
        var (valid, report) = await EInvoiceValidator.ValidateAsync(InvoiceXml.Render(data), false);
        Assert.False(valid);
        Assert.Contains("BR-DEC-14", report, StringComparison.Ordinal);
    }
}
