using System.Globalization;
using System.Text.RegularExpressions;

namespace CrmSaaS.Kernel.Common;

/// <summary>
/// One way to show durations, hours and dates, in the current culture (the viewer's on a page, the
/// recipient's in an email, see <c>UiCulture.Use</c>). Amounts have theirs on <see cref="Money"/>.
/// </summary>
public static partial class Formats
{
    /// <summary>
    /// A duration as hours and minutes, "1:30" or "12:05", rounded to the minute; a positive duration
    /// under half a minute shows as "0:01", never as nothing.
    /// </summary>
    public static string Duration(long seconds)
    {
        var sign = seconds < 0 ? "-" : "";
        var magnitude = Math.Abs(seconds);
        var minutes = (magnitude + 30) / 60;
        if (minutes == 0 && magnitude > 0)
        {
            minutes = 1;
        }

        return $"{sign}{minutes / 60}:{minutes % 60:00}";
    }

    /// <summary>Decimal hours with two digits in the culture, "1.50" or "1,50": for spreadsheets.</summary>
    public static string Hours(long seconds, IFormatProvider? culture = null) =>
        (seconds / 3600m).ToString("0.00", culture ?? CultureInfo.CurrentCulture);

    /// <summary>A number of hours as configured (a budget, a capacity): "120", "7.5".</summary>
    public static string HoursSetting(decimal hours) => hours.ToString("0.##", CultureInfo.CurrentCulture);

    /// <summary>
    /// An hourly rate with its code: at least the currency's minor digits, up to the four a rate keeps
    /// ("95.00 EUR", "12.3456 KWD", "12,000 JPY").
    /// </summary>
    public static string Rate(decimal amount, string currency)
    {
        var digits = Currencies.Exponent(currency);
        while (digits < 4 && decimal.Round(amount, digits) != amount)
        {
            digits++;
        }

        return $"{amount.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture)} {currency}";
    }

    /// <summary>The culture's short date: "11/30/2026", "30.11.2026".</summary>
    public static string Date(DateOnly day) => day.ToString("d", CultureInfo.CurrentCulture);

    /// <summary>The culture's long date: "Monday, November 30, 2026", "Montag, 30. November 2026".</summary>
    public static string LongDate(DateOnly day) => day.ToString("D", CultureInfo.CurrentCulture);

    /// <summary>A column heading for a day of a week: "Mon 11/30", "Mo 30.11.".</summary>
    public static string WeekDay(DateOnly day)
    {
        var format = CultureInfo.CurrentCulture.DateTimeFormat;
        return $"{format.GetAbbreviatedDayName(day.DayOfWeek).TrimEnd('.')} {day.ToString(DayAndMonthPattern(format), CultureInfo.CurrentCulture)}";
    }

    /// <summary>A month: "November 2026".</summary>
    public static string Month(DateOnly month) => month.ToString("Y", CultureInfo.CurrentCulture);

    /// <summary>The culture's short date pattern without the year: "M/d" for English, "dd.MM." for German.</summary>
    private static string DayAndMonthPattern(DateTimeFormatInfo format) =>
        Year().Replace(format.ShortDatePattern, "").Trim('/', '-', ' ', ',');

    [GeneratedRegex("y+")]
    private static partial Regex Year();
}
