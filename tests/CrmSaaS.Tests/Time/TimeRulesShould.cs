using CrmSaaS.Plugins.Time.Domain;

namespace CrmSaaS.Tests.Time;

public class TimeRulesShould
{
    [Theory]
    [InlineData(RoundingMode.None, 15, 7 * 60 + 1, 7 * 60 + 1)]
    [InlineData(RoundingMode.Up, 1, 61, 120)]
    [InlineData(RoundingMode.Up, 1, 60, 60)]
    [InlineData(RoundingMode.Up, 5, 1, 300)]
    [InlineData(RoundingMode.Up, 6, 6 * 60 + 1, 12 * 60)]
    [InlineData(RoundingMode.Up, 10, 20 * 60, 20 * 60)]
    [InlineData(RoundingMode.Up, 15, 16 * 60, 30 * 60)]
    [InlineData(RoundingMode.Up, 30, 31 * 60, 60 * 60)]
    [InlineData(RoundingMode.Nearest, 15, 7 * 60 + 29, 0)]
    [InlineData(RoundingMode.Nearest, 15, 7 * 60 + 30, 15 * 60)]
    [InlineData(RoundingMode.Nearest, 15, 22 * 60 + 29, 15 * 60)]
    [InlineData(RoundingMode.Nearest, 6, 9 * 60, 12 * 60)]
    [InlineData(RoundingMode.Nearest, 30, 44 * 60, 30 * 60)]
    [InlineData(RoundingMode.Nearest, 30, 45 * 60, 60 * 60)]
    [InlineData(RoundingMode.Up, 15, 0, 0)]
    public void Round_billable_time_by_the_team_rule(RoundingMode mode, int minutes, int seconds, int expected) =>
        Assert.Equal(expected, Rounding.Apply(seconds, mode, minutes));

    [Theory]
    // Berlin: the clocks jump from 02:00 to 03:00 on 29 March 2026 and back from 03:00 to 02:00 on 25 October 2026.
    [InlineData("Europe/Berlin", "2026-03-28T23:30:00Z", "2026-03-29")]
    [InlineData("Europe/Berlin", "2026-03-28T22:59:59Z", "2026-03-28")]
    [InlineData("Europe/Berlin", "2026-10-24T21:59:59Z", "2026-10-24")]
    [InlineData("Europe/Berlin", "2026-10-24T22:00:00Z", "2026-10-25")]
    [InlineData("Europe/Berlin", "2026-10-25T22:59:59Z", "2026-10-25")]
    [InlineData("Europe/Berlin", "2026-10-25T23:00:00Z", "2026-10-26")]
    [InlineData("America/Los_Angeles", "2026-11-03T06:30:00Z", "2026-11-02")]
    [InlineData("America/Los_Angeles", "2026-11-03T08:00:00Z", "2026-11-03")]
    [InlineData("Pacific/Kiritimati", "2026-11-02T10:00:00Z", "2026-11-03")]
    [InlineData("Asia/Kolkata", "2026-11-02T18:29:59Z", "2026-11-02")]
    [InlineData("Asia/Kolkata", "2026-11-02T18:30:00Z", "2026-11-03")]
    [InlineData("Not/AZone", "2026-11-02T23:30:00Z", "2026-11-02")]
    public void Date_entries_on_the_members_local_day(string zone, string utc, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            LocalDates.Of(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), CrmSaaS.Kernel.Common.TimeZoneIds.Find(zone)));

    [Theory]
    [InlineData("2026-11-04", DayOfWeek.Monday, "2026-11-02")]
    [InlineData("2026-11-02", DayOfWeek.Monday, "2026-11-02")]
    [InlineData("2026-11-01", DayOfWeek.Monday, "2026-10-26")]
    [InlineData("2026-11-01", DayOfWeek.Sunday, "2026-11-01")]
    [InlineData("2026-11-07", DayOfWeek.Sunday, "2026-11-01")]
    public void Start_weeks_on_the_teams_first_day(string day, DayOfWeek first, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), LocalDates.WeekStart(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), first));

    [Theory]
    [InlineData("1:30", 90)]
    [InlineData("0:05", 5)]
    [InlineData("1.5", 90)]
    [InlineData("1,25", 75)]
    [InlineData("2h", 120)]
    [InlineData("45m", 45)]
    [InlineData("1:75", null)]
    [InlineData("soon", null)]
    [InlineData("", null)]
    public void Read_durations_as_people_type_them(string text, int? minutes) =>
        Assert.Equal(minutes is null ? null : TimeSpan.FromMinutes(minutes.Value), CrmSaaS.Plugins.Time.Areas.Time.Pages.IndexModel.Handlers.ParseDuration(text));

    private static readonly Guid Member = Guid.NewGuid();
    private static readonly Guid ProjectA = Guid.NewGuid();
    private static readonly Guid ClientX = Guid.NewGuid();

    private static Rate R(RateLevel level, decimal amount, string from, Guid? user = null, Guid? project = null, Guid? client = null) => new()
    {
        Level = level, Amount = amount, Currency = "EUR", EffectiveFrom = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
        UserId = user, ProjectId = project, ClientId = client,
    };

    public static TheoryData<string, Rate[], decimal?, decimal?, RateLevel?> RateCases => new()
    {
        { "nothing at all", [], null, null, null },
        { "team default only", [R(RateLevel.TeamDefault, 80, "2026-01-01")], null, 80, RateLevel.TeamDefault },
        { "member default beats team default", [R(RateLevel.TeamDefault, 80, "2026-01-01"), R(RateLevel.MemberDefault, 90, "2026-01-01", Member)], null, 90, RateLevel.MemberDefault },
        { "client beats member default", [R(RateLevel.MemberDefault, 90, "2026-01-01", Member), R(RateLevel.Client, 100, "2026-01-01", client: ClientX)], null, 100, RateLevel.Client },
        { "project beats client", [R(RateLevel.Client, 100, "2026-01-01", client: ClientX), R(RateLevel.Project, 110, "2026-01-01", project: ProjectA)], null, 110, RateLevel.Project },
        { "member on project beats project", [R(RateLevel.Project, 110, "2026-01-01", project: ProjectA), R(RateLevel.MemberOnProject, 120, "2026-01-01", Member, ProjectA)], null, 120, RateLevel.MemberOnProject },
        { "the project's default rate counts as the project level", [R(RateLevel.Client, 100, "2026-01-01", client: ClientX)], 105m, 105, RateLevel.Project },
        { "a project rate card beats the project's default rate", [R(RateLevel.Project, 110, "2026-01-01", project: ProjectA)], 105m, 110, RateLevel.Project },
        { "member on project beats the project's default rate", [R(RateLevel.MemberOnProject, 120, "2026-01-01", Member, ProjectA)], 105m, 120, RateLevel.MemberOnProject },
        { "the newest effective rate of a level wins", [R(RateLevel.Client, 100, "2026-01-01", client: ClientX), R(RateLevel.Client, 115, "2026-06-01", client: ClientX)], null, 115, RateLevel.Client },
    };

    [Theory]
    [MemberData(nameof(RateCases))]
    public void Choose_the_most_specific_rate(string because, Rate[] effective, decimal? projectDefault, decimal? expected, RateLevel? level)
    {
        var rate = RateCards.Pick(effective, projectDefault, projectDefault is null ? null : "EUR");

        Assert.True(expected == rate?.Amount, because);
        Assert.Equal(level, rate?.Level);
    }
}
