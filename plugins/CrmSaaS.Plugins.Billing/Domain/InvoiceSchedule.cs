namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// When the team's run falls due and which period each schedule bills then, all in the team's local
/// time: the run happens at the last occasion (the run weekday at the run time) that has passed, so a
/// run that was missed — the app down over Monday morning — is simply the latest one when it comes back.
/// </summary>
public static class InvoiceSchedule
{
    /// <summary>Two-weekly periods end on the day before a run day in an even week counted from this Monday.</summary>
    private static readonly DateOnly Epoch = new(2024, 1, 1);

    /// <summary>The last date on which the run was due by <paramref name="localNow"/>, or null if it is not due yet this week and never was (cannot happen after a week).</summary>
    public static DateOnly LatestOccasion(DateTime localNow, DayOfWeek day, TimeOnly at)
    {
        var today = DateOnly.FromDateTime(localNow);
        for (var back = 0; back < 8; back++)
        {
            var date = today.AddDays(-back);
            if (date.DayOfWeek == day && date.ToDateTime(at) <= localNow)
            {
                return date;
            }
        }

        throw new InvalidOperationException("A weekday recurs within eight days.");
    }

    /// <summary>The period a client on <paramref name="schedule"/> is invoiced for at <paramref name="occasion"/>; null for manual billing.</summary>
    public static (DateOnly From, DateOnly To)? DuePeriod(BillingSchedule schedule, DateOnly occasion)
    {
        switch (schedule)
        {
            case BillingSchedule.Weekly:
                return (occasion.AddDays(-7), occasion.AddDays(-1));
            case BillingSchedule.EveryTwoWeeks:
                var weeks = (occasion.DayNumber - Epoch.DayNumber) / 7;
                var due = weeks % 2 == 0 ? occasion : occasion.AddDays(-7);
                return (due.AddDays(-14), due.AddDays(-1));
            case BillingSchedule.Monthly:
                // The month's run is its first occasion; it bills the month before.
                var first = new DateOnly(occasion.Year, occasion.Month, 1);
                var firstOccasion = first.AddDays(((int)occasion.DayOfWeek - (int)first.DayOfWeek + 7) % 7);
                var month = occasion >= firstOccasion ? first : first.AddMonths(-1);
                return (month.AddMonths(-1), month.AddDays(-1));
            default:
                return null;
        }
    }
}
