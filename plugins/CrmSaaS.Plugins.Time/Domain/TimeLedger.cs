using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Live;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Time.Domain;

/// <summary>
/// The one write path of time entries. Each save prices the entry (rate snapshot, rounding) and
/// moves its contribution in the day and month totals, in the same transaction as the entry, with
/// atomic increments, so the totals always equal the entries; it refuses to run outside a unit of
/// work. Billed entries are locked here.
/// </summary>
public sealed class TimeLedger(AppDbContext db, IUnitOfWork unitOfWork, RateCards rates, ILiveUpdates live, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<TimeSettings> SettingsAsync(CancellationToken cancellationToken) =>
        await db.Set<TimeSettings>().AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new TimeSettings();

    /// <summary>Prices and saves a new entry (its member, project, client, times, local date and billable flag set).</summary>
    public async Task<TimeEntry> AddAsync(TimeEntry entry, CancellationToken cancellationToken)
    {
        unitOfWork.EnsureOpen("Saving a time entry");
        var now = clock.GetUtcNow().UtcDateTime;
        entry.CreatedAt = now;
        entry.UpdatedAt = now;
        await PriceAsync(entry, cancellationToken);
        db.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await MoveTotalsAsync(Contribution.Of(entry), +1, cancellationToken);
        Announce(entry);
        return entry;
    }

    /// <summary>Changes an unbilled entry and prices it again at the rate effective on its (new) date.</summary>
    public async Task UpdateAsync(TimeEntry entry, Action<TimeEntry> change, CancellationToken cancellationToken)
    {
        EnsureUnlocked(entry);
        unitOfWork.EnsureOpen("Changing a time entry");
        var before = Contribution.Of(entry);
        change(entry);
        entry.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await PriceAsync(entry, cancellationToken);
        await SaveUnbilledAsync(cancellationToken);
        await MoveTotalsAsync(before, -1, cancellationToken);
        await MoveTotalsAsync(Contribution.Of(entry), +1, cancellationToken);
        Announce(entry);
    }

    public async Task DeleteAsync(TimeEntry entry, CancellationToken cancellationToken)
    {
        EnsureUnlocked(entry);
        unitOfWork.EnsureOpen("Deleting a time entry");
        var before = Contribution.Of(entry);
        db.Remove(entry);
        await SaveUnbilledAsync(cancellationToken);
        await MoveTotalsAsync(before, -1, cancellationToken);
        Announce(entry);
    }

    /// <summary>Open pages showing the project's time (the portal's, the team's reports) hear of the change after the commit.</summary>
    private void Announce(TimeEntry entry) =>
        live.Publish(new LiveEvent(Contracts.TimeLive.Time, entry.ProjectId, TimePermissions.ReadAll, entry.ClientId, entry.ProjectId));

    /// <summary>
    /// Recomputes the team's day and month totals from its entries (after a bulk import, or to check
    /// them): the result equals what the write path keeps.
    /// </summary>
    public async Task RebuildTotalsAsync(CancellationToken cancellationToken)
    {
        unitOfWork.EnsureOpen("Rebuilding time totals");
        await db.Set<TimeDayTotal>().ExecuteDeleteAsync(cancellationToken);
        await db.Set<TimeMonthTotal>().ExecuteDeleteAsync(cancellationToken);
        var days = await db.Set<TimeEntry>().AsNoTracking()
            .GroupBy(e => new { e.LocalDate, e.ProjectId, e.UserId, e.Billable, Currency = e.RateCurrency ?? "", e.ClientId })
            .Select(g => new TimeDayTotal
            {
                Day = g.Key.LocalDate, ProjectId = g.Key.ProjectId, UserId = g.Key.UserId, Billable = g.Key.Billable, Currency = g.Key.Currency, ClientId = g.Key.ClientId,
                Seconds = g.Sum(e => (long)e.Seconds), BillableSeconds = g.Sum(e => (long)e.BillableSeconds), AmountMinor = g.Sum(e => e.AmountMinor), Entries = g.Count(),
            })
            .ToListAsync(cancellationToken);
        db.AddRange(days);
        db.AddRange(days.GroupBy(d => new { Month = LocalDates.MonthStart(d.Day), d.ClientId, d.Billable, d.Currency })
            .Select(g => new TimeMonthTotal
            {
                Month = g.Key.Month, ClientId = g.Key.ClientId, Billable = g.Key.Billable, Currency = g.Key.Currency,
                Seconds = g.Sum(d => d.Seconds), BillableSeconds = g.Sum(d => d.BillableSeconds), AmountMinor = g.Sum(d => d.AmountMinor), Entries = g.Sum(d => d.Entries),
            }));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public void EnsureUnlocked(TimeEntry entry)
    {
        if (entry.IsLocked)
        {
            throw Locked();
        }
    }

    /// <summary>Saves a change of an entry read as unbilled; billed since (its concurrency token), it is refused.</summary>
    private async Task SaveUnbilledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Locked();
        }
    }

    private ValidationFailedException Locked() =>
        new("", l["This entry was billed on an invoice and can no longer be changed, moved or deleted."]);

    private async Task PriceAsync(TimeEntry entry, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(cancellationToken);
        var rate = await rates.ResolveAsync(entry.UserId, entry.ProjectId, entry.ClientId, entry.LocalDate, cancellationToken);
        entry.RateAmount = rate?.Amount;
        entry.RateCurrency = rate?.Currency;
        entry.RateLevel = rate?.Level;
        entry.RateId = rate?.RateId;
        entry.BillableSeconds = entry.Billable ? Rounding.Apply(entry.Seconds, settings.Rounding, settings.RoundingMinutes) : 0;
        entry.AmountMinor = entry.Billable && rate is not null ? Money.ForTime(entry.BillableSeconds, rate.Amount, rate.Currency).MinorUnits : 0;
    }

    /// <summary>What one entry adds to the totals.</summary>
    private sealed record Contribution(Guid TenantId, DateOnly Day, Guid ProjectId, Guid UserId, Guid ClientId, bool Billable, string Currency, int Seconds, int BillableSeconds, long AmountMinor)
    {
        public static Contribution Of(TimeEntry e) => new(e.TenantId, e.LocalDate, e.ProjectId, e.UserId, e.ClientId, e.Billable, e.RateCurrency ?? "", e.Seconds, e.BillableSeconds, e.AmountMinor);
    }

    /// <summary>
    /// Moves an entry's contribution into the day and month totals: one INSERT … ON CONFLICT DO UPDATE
    /// each (the same statement on SQLite and PostgreSQL), so two first entries of a day written at
    /// once both count — neither finds "no row yet" and inserts a second one. Raw SQL passes the tenant
    /// filter by, so the team is written and matched explicitly: the entry's own TenantId, part of the key.
    /// </summary>
    private async Task MoveTotalsAsync(Contribution c, int sign, CancellationToken cancellationToken)
    {
        long seconds = sign * c.Seconds, billable = sign * c.BillableSeconds, cents = sign * c.AmountMinor;
        var month = LocalDates.MonthStart(c.Day);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "TimDayTotals" ("TenantId", "Day", "ProjectId", "UserId", "Billable", "Currency", "ClientId", "Seconds", "BillableSeconds", "AmountMinor", "Entries")
            VALUES ({c.TenantId}, {c.Day}, {c.ProjectId}, {c.UserId}, {c.Billable}, {c.Currency}, {c.ClientId}, {seconds}, {billable}, {cents}, {sign})
            ON CONFLICT ("TenantId", "Day", "ProjectId", "UserId", "Billable", "Currency") DO UPDATE SET
                "Seconds" = "TimDayTotals"."Seconds" + excluded."Seconds", "BillableSeconds" = "TimDayTotals"."BillableSeconds" + excluded."BillableSeconds",
                "AmountMinor" = "TimDayTotals"."AmountMinor" + excluded."AmountMinor", "Entries" = "TimDayTotals"."Entries" + excluded."Entries"
            """, cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "TimMonthTotals" ("TenantId", "Month", "ClientId", "Billable", "Currency", "Seconds", "BillableSeconds", "AmountMinor", "Entries")
            VALUES ({c.TenantId}, {month}, {c.ClientId}, {c.Billable}, {c.Currency}, {seconds}, {billable}, {cents}, {sign})
            ON CONFLICT ("TenantId", "Month", "ClientId", "Billable", "Currency") DO UPDATE SET
                "Seconds" = "TimMonthTotals"."Seconds" + excluded."Seconds", "BillableSeconds" = "TimMonthTotals"."BillableSeconds" + excluded."BillableSeconds",
                "AmountMinor" = "TimMonthTotals"."AmountMinor" + excluded."AmountMinor", "Entries" = "TimMonthTotals"."Entries" + excluded."Entries"
            """, cancellationToken);
    }
}
