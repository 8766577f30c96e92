using CrmSaaS.Plugins.Billing.Domain;

namespace CrmSaaS.Tests.Billing;

/// <summary>Totals follow EN 16931: each checked against the rule's own formula in major units.</summary>
public class InvoiceTotalsShould
{
    [Theory]
    [InlineData("1.5", "85.00", "EUR", 12750)]
    [InlineData("0.333", "100.00", "EUR", 3330)]
    [InlineData("0.125", "1.00", "EUR", 13)] // 0.125 → 0.13: half away from zero
    [InlineData("-0.125", "1.00", "EUR", -13)] // a credit line rounds the same way, away from zero
    [InlineData("2.5", "1234", "JPY", 3085)]
    [InlineData("1", "12.3456", "KWD", 12346)]
    public void RoundEachLineToTheCurrencysMinorUnit(string quantity, string unitPrice, string currency, long expectedMinor) =>
        Assert.Equal(expectedMinor, InvoiceTotals.LineNet(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(unitPrice, System.Globalization.CultureInfo.InvariantCulture), currency));

    [Fact]
    public void ComputeVatOncePerCategoryAndRateOnTheSummedBase()
    {
        // Three lines of 0.05 at 19 %: per line the VAT would be 3 × 0.01 = 0.03; on the sum it is 0.15 × 19 % = 0.0285 → 0.03.
        // Seven lines of 0.07 at 7 %: per line 7 × 0.00 = 0.00; on the sum 0.49 × 7 % = 0.0343 → 0.03.
        var lines = Enumerable.Repeat(new TotalsLine(5, "S", 19m), 3).Concat(Enumerable.Repeat(new TotalsLine(7, "S", 7m), 7)).ToList();

        var totals = InvoiceTotals.Compute("EUR", lines);

        Assert.Equal([new VatBreakdown("S", 7m, 49, 3), new VatBreakdown("S", 19m, 15, 3)], totals.Vat);
        Assert.Equal((64L, 6L, 70L), (totals.NetMinor, totals.VatMinor, totals.GrossMinor));
    }

    [Fact]
    public void HoldTheEn16931SumRulesForRandomInvoices()
    {
        var random = new Random(20261201);
        var rates = new (string Category, decimal Rate)[] { ("S", 19m), ("S", 7m), ("S", 16m), ("Z", 0m), ("E", 0m), ("AE", 0m) };
        foreach (var currency in new[] { "EUR", "USD", "JPY", "KWD" })
        {
            var factor = CrmSaaS.Kernel.Common.Currencies.Factor(currency);
            var exponent = CrmSaaS.Kernel.Common.Currencies.Exponent(currency);
            for (var invoice = 0; invoice < 200; invoice++)
            {
                var lines = Enumerable.Range(0, random.Next(1, 60)).Select(_ =>
                {
                    var (category, rate) = rates[random.Next(rates.Length)];
                    var quantity = Math.Round((decimal)random.NextDouble() * 40m, 2) * (random.Next(10) == 0 ? -1 : 1);
                    var price = Math.Round((decimal)random.NextDouble() * 250m, 4);
                    return new TotalsLine(InvoiceTotals.LineNet(quantity, price, currency), category, rate);
                }).ToList();

                var totals = InvoiceTotals.Compute(currency, lines);

                // BR-CO-10: the sum of line nets; BR-CO-14: the sum of the categories' VAT; BR-CO-15: gross = net + VAT.
                Assert.Equal(lines.Sum(l => l.NetMinor), totals.NetMinor);
                Assert.Equal(totals.Vat.Sum(v => v.VatMinor), totals.VatMinor);
                Assert.Equal(totals.NetMinor + totals.VatMinor, totals.GrossMinor);
                foreach (var category in totals.Vat)
                {
                    // BR-CO-17: the category's VAT is its base × rate / 100, rounded to the currency's decimals.
                    var baseMajor = category.BaseMinor / (decimal)factor;
                    var expected = Math.Round(baseMajor * category.Rate / 100m, exponent, MidpointRounding.AwayFromZero);
                    Assert.Equal(expected, category.VatMinor / (decimal)factor);
                    Assert.Equal(lines.Where(l => l.VatCategory == category.Category && l.VatRate == category.Rate).Sum(l => l.NetMinor), category.BaseMinor);
                }
            }
        }
    }
}
