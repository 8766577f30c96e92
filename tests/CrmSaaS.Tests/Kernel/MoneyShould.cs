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
    [InlineData(12_000, 1_500, 18_000)]
    [InlineData(9_999, 333, 3_330)]
    [InlineData(1, 500, 1)]
    [InlineData(1, 499, 0)]
    [InlineData(-1, 500, -1)]
    public void MultiplyByThousandthsRoundingHalfAwayFromZero(long minor, long thousandths, long expected) =>
        Assert.Equal(expected, new Money(minor, "EUR").MultiplyByThousandths(thousandths).MinorUnits);

    [Theory]
    [InlineData(123_456, "EUR", "en", "EUR1,234.56")]
    [InlineData(123_456, "EUR", "de", "1.234,56 EUR")]
    [InlineData(1_234, "JPY", "en", "JPY1,234")]
    [InlineData(1_234, "KWD", "en", "KWD1.234")]
    public void FormatWithTheCurrencysMinorDigits(long minor, string currency, string culture, string expected) =>
        Assert.Equal(expected, new Money(minor, currency).Format(new System.Globalization.CultureInfo(culture)));
}
