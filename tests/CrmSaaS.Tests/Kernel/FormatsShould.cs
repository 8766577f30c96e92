using System.Globalization;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Localization;

namespace CrmSaaS.Tests.Kernel;

public class FormatsShould
{
    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(20, "0:01")]
    [InlineData(40, "0:01")]
    [InlineData(90 * 60, "1:30")]
    [InlineData(12 * 3600 + 5 * 60 + 29, "12:05")]
    [InlineData(-15 * 60, "-0:15")]
    [InlineData(100 * 3600, "100:00")]
    public void ShowDurationsAsHoursAndMinutes(long seconds, string expected) => Assert.Equal(expected, Formats.Duration(seconds));

    [Theory]
    [InlineData("en", 5400, "1.50")]
    [InlineData("de", 5400, "1,50")]
    public void WriteDecimalHoursInTheCulture(string culture, long seconds, string expected) =>
        Assert.Equal(expected, Formats.Hours(seconds, new CultureInfo(culture)));

    [Theory]
    [InlineData("en", "11/30/2026", "Monday, November 30, 2026", "Mon 11/30", "November 2026")]
    [InlineData("de", "30.11.2026", "Montag, 30. November 2026", "Mo 30.11.", "November 2026")]
    public void ShowDatesOneWayPerCulture(string culture, string date, string longDate, string weekDay, string month)
    {
        using var _ = UiCulture.Use(culture);
        var day = new DateOnly(2026, 11, 30);

        Assert.Equal((date, longDate, weekDay, month), (Formats.Date(day), Formats.LongDate(day), Formats.WeekDay(day), Formats.Month(day)));
    }

    [Theory]
    [InlineData("95", "EUR", "95.00 EUR")]
    [InlineData("12.3456", "KWD", "12.3456 KWD")]
    [InlineData("12.5", "KWD", "12.500 KWD")]
    [InlineData("12000", "JPY", "12,000 JPY")]
    [InlineData("99.995", "EUR", "99.995 EUR")]
    public void ShowRatesWithTheirOwnPrecision(string amount, string currency, string expected)
    {
        using var _ = UiCulture.Use("en");
        Assert.Equal(expected, Formats.Rate(decimal.Parse(amount, CultureInfo.InvariantCulture), currency));
    }
}
