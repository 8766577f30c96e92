using CrmSaaS.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Time.Domain;

public enum Grouping
{
    Client = 0,
    Project = 1,
    Member = 2,
    Day = 3,
    Week = 4,
    Month = 5,
}

/// <param name="From">First local day, inclusive.</param>
/// <param name="To">Last local day, inclusive.</param>
public sealed record ReportFilter(DateOnly From, DateOnly To, Guid? ClientId = null, Guid? ProjectId = null, Guid? UserId = null, Guid? TaskId = null, bool? Billable = null);

/// <summary>Totals at the finest grain a report needs: a day (or a month), a client, a project and a member (when known).</summary>
public sealed record Fact(DateOnly Day, Guid ClientId, Guid? ProjectId, Guid? UserId, bool Billable, string Currency, long Seconds, long BillableSeconds, long AmountMinor, int Entries);

/// <summary>One line of a grouped report; <see cref="Keys"/> holds one key per grouping level.</summary>
public sealed record ReportLine(IReadOnlyList<object> Keys, long Seconds, long BillableSeconds, IReadOnlyDictionary<string, long> AmountMinor, int Entries);

public sealed record Report(IReadOnlyList<ReportLine> Lines, ReportLine Total, string Source);

/// <summary>
/// Time reports. They read the totals kept with every entry: month totals when the report is the
/// team's (or a client's) whole months by client and month, day totals otherwise, and the entries
/// themselves only when filtered by task (the one thing totals do not keep).
/// </summary>
public sealed class TimeReports(AppDbContext db, TimeLedger ledger)
{
    public async Task<Report> RunAsync(ReportFilter filter, IReadOnlyList<Grouping> groupings, CancellationToken cancellationToken)
    {
        var (facts, source) = await FactsAsync(filter, groupings, cancellationToken);
        var first = (await ledger.SettingsAsync(cancellationToken)).FirstDayOfWeek;
        var lines = facts
            .GroupBy(f => Key(f, groupings, first), KeyComparer.Instance)
            .Select(g => Line(g.Key, g))
            .OrderBy(l => l.Keys, KeyComparer.Instance)
            .ToList();
        return new Report(lines, Line([], facts), source);
    }

    /// <summary>The facts of a report, from the smallest source that answers it exactly.</summary>
    public async Task<(IReadOnlyList<Fact> Facts, string Source)> FactsAsync(ReportFilter f, IReadOnlyList<Grouping> groupings, CancellationToken cancellationToken)
    {
        var wholeMonths = f.From.Day == 1 && f.To.AddDays(1).Day == 1;
        if (f.TaskId is null && f.ProjectId is null && f.UserId is null && wholeMonths && groupings.All(g => g is Grouping.Client or Grouping.Month))
        {
            var months = db.Set<TimeMonthTotal>().AsNoTracking().Where(t => t.Month >= f.From && t.Month <= f.To);
            if (f.ClientId is { } client)
            {
                months = months.Where(t => t.ClientId == client);
            }

            if (f.Billable is { } billable)
            {
                months = months.Where(t => t.Billable == billable);
            }

            return (await months.Select(t => new Fact(t.Month, t.ClientId, null, null, t.Billable, t.Currency, t.Seconds, t.BillableSeconds, t.AmountMinor, t.Entries))
                .ToListAsync(cancellationToken), "months");
        }

        if (f.TaskId is null)
        {
            var days = db.Set<TimeDayTotal>().AsNoTracking().Where(t => t.Day >= f.From && t.Day <= f.To);
            if (f.ClientId is { } client)
            {
                days = days.Where(t => t.ClientId == client);
            }

            if (f.ProjectId is { } project)
            {
                days = days.Where(t => t.ProjectId == project);
            }

            if (f.UserId is { } user)
            {
                days = days.Where(t => t.UserId == user);
            }

            if (f.Billable is { } billable)
            {
                days = days.Where(t => t.Billable == billable);
            }

            return (await days.Select(t => new Fact(t.Day, t.ClientId, t.ProjectId, t.UserId, t.Billable, t.Currency, t.Seconds, t.BillableSeconds, t.AmountMinor, t.Entries))
                .ToListAsync(cancellationToken), "days");
        }

        var entries = db.Set<TimeEntry>().AsNoTracking().Where(e => e.LocalDate >= f.From && e.LocalDate <= f.To && e.TaskId == f.TaskId);
        if (f.ClientId is { } c)
        {
            entries = entries.Where(e => e.ClientId == c);
        }

        if (f.ProjectId is { } p)
        {
            entries = entries.Where(e => e.ProjectId == p);
        }

        if (f.UserId is { } u)
        {
            entries = entries.Where(e => e.UserId == u);
        }

        if (f.Billable is { } b)
        {
            entries = entries.Where(e => e.Billable == b);
        }

        return (await entries.Select(e => new Fact(e.LocalDate, e.ClientId, e.ProjectId, e.UserId, e.Billable, e.RateCurrency ?? "", e.Seconds, e.BillableSeconds, e.AmountMinor, 1))
            .ToListAsync(cancellationToken), "entries");
    }

    private static object[] Key(Fact f, IReadOnlyList<Grouping> groupings, DayOfWeek first) => groupings.Select(g => g switch
    {
        Grouping.Client => (object)f.ClientId,
        Grouping.Project => f.ProjectId ?? Guid.Empty,
        Grouping.Member => f.UserId ?? Guid.Empty,
        Grouping.Day => f.Day,
        Grouping.Week => LocalDates.WeekStart(f.Day, first),
        _ => LocalDates.MonthStart(f.Day),
    }).ToArray();

    private static ReportLine Line(IReadOnlyList<object> keys, IEnumerable<Fact> facts)
    {
        long seconds = 0, billable = 0;
        var entries = 0;
        var amounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var f in facts)
        {
            seconds += f.Seconds;
            billable += f.BillableSeconds;
            entries += f.Entries;
            if (f.Currency.Length > 0 && f.AmountMinor != 0)
            {
                amounts[f.Currency] = amounts.GetValueOrDefault(f.Currency) + f.AmountMinor;
            }
        }

        return new ReportLine(keys, seconds, billable, amounts, entries);
    }

    private sealed class KeyComparer : IEqualityComparer<object[]>, IComparer<IReadOnlyList<object>>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(object[]? x, object[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(object[] obj) => obj.Aggregate(17, (h, o) => h * 31 + o.GetHashCode());

        public int Compare(IReadOnlyList<object>? x, IReadOnlyList<object>? y)
        {
            for (var i = 0; i < Math.Min(x!.Count, y!.Count); i++)
            {
                var c = Comparer<object>.Default.Compare(x[i], y[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return x.Count.CompareTo(y.Count);
        }
    }
}
