namespace CrmSaaS.Plugins.Time.Domain;

/// <summary>The team's rounding rule for billable time.</summary>
public static class Rounding
{
    public static int Apply(int seconds, RoundingMode mode, int minutes)
    {
        if (mode == RoundingMode.None || minutes <= 0 || seconds <= 0)
        {
            return Math.Max(seconds, 0);
        }

        var step = minutes * 60;
        var steps = mode == RoundingMode.Up
            ? (seconds + step - 1) / step
            : (seconds + step / 2) / step;
        return steps * step;
    }
}

/// <summary>Local dates in a member's time zone.</summary>
public static class LocalDates
{
    public static DateOnly Of(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>The first day of the week holding <paramref name="day"/>.</summary>
    public static DateOnly WeekStart(DateOnly day, DayOfWeek first) => day.AddDays(-(((int)day.DayOfWeek - (int)first + 7) % 7));

    public static DateOnly MonthStart(DateOnly day) => new(day.Year, day.Month, 1);
}
