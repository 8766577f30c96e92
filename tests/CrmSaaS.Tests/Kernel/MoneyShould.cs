using System.Globalization;
using CrmSaaS.Kernel.Common;

namespace CrmSaaS.Tests.Kernel;

public class MoneyShould
{
    [Fact]
    public void AddAmountsOfTheSameCurrency() =>
        Assert.Equal(new Money(1_550, "EUR"), new Money(1_000, "EUR") + new Money(550, "eur"));

    [Fact]
    public void RefuseToMixCurrencies() =>
        Assert.Throws<InvalidOperationException>(() => new Money(1, "EUR") + new Money(1, "USD"));

    [Fact]
    public void RefuseUnknownCurrencyCodes() =>
        Assert.Throws<ArgumentException>(() => new Money(1, "XYZ"));

    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("USD", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("CLP", 0)]
    [InlineData("VND", 0)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    [InlineData("JOD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("TND", 3)]
    public void KnowEachCurrencysMinorUnit(string code, int exponent) => Assert.Equal(exponent, Currencies.Exponent(code));

    [Fact]
    public void KnowTheCurrenciesInUse() => Assert.True(Currencies.Codes.Count() > 150);

    [Theory]
    [InlineData(12_000, 1_500, 18_000)]
    [InlineData(9_999, 333, 3_330)]
    [InlineData(1, 500, 1)]
    [InlineData(1, 499, 0)]
    [InlineData(-1, 500, -1)]
    public void MultiplyByThousandthsRoundingHalfAwayFromZero(long minor, long thousandths, long expected) =>
        Assert.Equal(expected, new Money(minor, "EUR").MultiplyByThousandths(thousandths).MinorUnits);

    [Theory]
    [InlineData("12.345", "EUR", 1_235)]
    [InlineData("-12.345", "EUR", -1_235)]
    [InlineData("1500.5", "JPY", 1_501)]
    [InlineData("1500.4", "JPY", 1_500)]
    [InlineData("12.3455", "KWD", 12_346)]
    [InlineData("0.0004", "KWD", 0)]
    public void MakeAmountsFromDecimalsRoundingOnceToTheMinorUnit(string major, string currency, long minor) =>
        Assert.Equal(minor, Money.FromMajor(decimal.Parse(major, CultureInfo.InvariantCulture), currency).MinorUnits);

    [Theory]
    [InlineData(3600, "95.00", "EUR", 9_500)]
    [InlineData(900, "95.00", "EUR", 2_375)]
    [InlineData(1, "100.00", "EUR", 3)]
    [InlineData(5400, "87.50", "EUR", 13_125)]
    [InlineData(61, "0.50", "EUR", 1)]
    [InlineData(3600, "99.9999", "EUR", 10_000)]
    [InlineData(5400, "12000", "JPY", 18_000)]
    [InlineData(900, "8333", "JPY", 2_083)]
    [InlineData(5400, "12.345", "KWD", 18_518)]
    [InlineData(900, "40.125", "BHD", 10_031)]
    public void PriceTimeInTheCurrencysMinorUnits(long seconds, string rate, string currency, long minor) =>
        Assert.Equal(minor, Money.ForTime(seconds, decimal.Parse(rate, CultureInfo.InvariantCulture), currency).MinorUnits);

    [Theory]
    [InlineData(123_456, "EUR", "en", "1,234.56 EUR")]
    [InlineData(123_456, "EUR", "de", "1.234,56 EUR")]
    [InlineData(-5, "EUR", "en", "-0.05 EUR")]
    [InlineData(1_234, "JPY", "en", "1,234 JPY")]
    [InlineData(1_234, "JPY", "de", "1.234 JPY")]
    [InlineData(1_234, "KWD", "en", "1.234 KWD")]
    [InlineData(1_234_500, "KWD", "de", "1.234,500 KWD")]
    public void FormatWithTheCurrencysMinorDigitsInTheCulture(long minor, string currency, string culture, string expected) =>
        Assert.Equal(expected, new Money(minor, currency).Format(new CultureInfo(culture)));

    [Theory]
    [InlineData(123_456, "EUR", "en", "1234.56")]
    [InlineData(123_456, "EUR", "de", "1234,56")]
    [InlineData(1_234, "JPY", "de", "1234")]
    [InlineData(1_234, "KWD", "de", "1,234")]
    public void WriteBareNumbersForSpreadsheets(long minor, string currency, string culture, string expected) =>
        Assert.Equal(expected, new Money(minor, currency).FormatNumber(new CultureInfo(culture)));

    [Fact]
    public void GiveTheExactMajorAmount() =>
        Assert.Equal(1.234m, new Money(1_234, "KWD").ToMajor());
}
