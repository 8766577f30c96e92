using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;
using CrmSaaS.Plugins.Time;
using CrmSaaS.Plugins.Time.Contracts;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>Revenue, cost and what is left of it for one month, client or project, in the team's currency.</summary>
public sealed record RevenueRow(string Key, string Label, long RevenueMinor, long CostMinor, long Seconds)
{
    /// <summary>For a project: its client's name.</summary>
    public string? Client { get; init; }

    public long ProfitMinor => RevenueMinor - CostMinor;

    /// <summary>Profit as a share of revenue in percent, one decimal; null without revenue.</summary>
    public decimal? Margin => RevenueMinor == 0 ? null : Math.Round(ProfitMinor * 100m / RevenueMinor, 1, MidpointRounding.AwayFromZero);
}

/// <summary>A period's revenue and profitability by month, client and project, with what could not be counted.</summary>
public sealed record RevenueReport(string Currency, DateOnly From, DateOnly To, bool WithCost,
    IReadOnlyList<RevenueRow> Months, IReadOnlyList<RevenueRow> Clients, IReadOnlyList<RevenueRow> Projects, RevenueRow Total,
    int Unbooked, long UncostedSeconds)
{
    /// <summary>What payments of the period in other currencies were worth on their day beyond (or below) the invoice's locked rate.</summary>
    public FxResult Fx { get; init; } = new(0, 0, 0);
}

/// <summary>
/// Exchange gain (positive) or loss in the team's currency of the period's payments of invoices in other
/// currencies, over <paramref name="Payments"/> payments; <paramref name="Unrated"/> more had no rate for their day.
/// </summary>
public sealed record FxResult(long GainMinor, int Payments, int Unrated);

/// <summary>
/// Revenue and profitability in the team's currency. Revenue is the net of issued invoices less issued
/// credit notes, by issue date, at the rate each locked when issued (<see cref="Invoice.BaseNetMinor"/>),
/// spread over the document's lines by their net so projects add up to clients exactly. Cost is Time's:
/// hours at members' cost rates, by the month the time was tracked; only for those who may see costs.
/// </summary>
public sealed class RevenueReports(AppDbContext db, ICrmDirectory crm, IProjectDirectory projects, IMediator mediator, ICurrentUser user, ITenantContext tenant,
    ExchangeRates rates)
{
    /// <summary>The label of lines without a project (fees, expenses, discounts).</summary>
    public const string NoProject = "";

    /// <summary>The whole months from <paramref name="from"/>'s to <paramref name="to"/>'s.</summary>
    public async Task<RevenueReport> ForAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        from = new DateOnly(from.Year, from.Month, 1);
        to = new DateOnly(to.Year, to.Month, 1).AddMonths(1).AddDays(-1);
        var currency = tenant.Tenant?.Currency ?? "EUR";

        var documents = await db.Set<Invoice>().AsNoTracking()
            .Where(i => i.Number != null && i.IssueDate >= from && i.IssueDate <= to)
            .Select(i => new { i.Id, i.Kind, i.ClientId, IssueDate = i.IssueDate!.Value, i.BaseCurrency, i.BaseNetMinor })
            .ToListAsync(cancellationToken);
        var booked = documents.Where(d => d.BaseNetMinor is not null && d.BaseCurrency == currency).ToList();
        var ids = booked.Select(d => d.Id).ToList();
        var lines = (await db.Set<InvoiceLine>().AsNoTracking().Where(l => ids.Contains(l.InvoiceId))
                .Select(l => new { l.InvoiceId, l.Position, l.ProjectId, l.NetMinor }).ToListAsync(cancellationToken))
            .ToLookup(l => l.InvoiceId);

        // (client, project, month) → revenue, cost, seconds.
        var cells = new Dictionary<(Guid Client, Guid? Project, int Month), (long Revenue, long Cost, long Seconds)>();
        void Add(Guid client, Guid? project, int month, long revenue, long cost, long seconds)
        {
            var cell = cells.GetValueOrDefault((client, project, month));
            cells[(client, project, month)] = (cell.Revenue + revenue, cell.Cost + cost, cell.Seconds + seconds);
        }

        foreach (var document in booked)
        {
            var sign = document.Kind == DocumentKind.CreditNote ? -1 : 1;
            var own = lines[document.Id].OrderBy(l => l.Position).ToList();
            var shares = Allocate(document.BaseNetMinor!.Value, own.Select(l => l.NetMinor).ToList());
            for (var i = 0; i < own.Count; i++)
            {
                Add(document.ClientId, own[i].ProjectId, MonthIndex(document.IssueDate), sign * shares[i], 0, 0);
            }
        }

        var withCost = user.Has(TimePermissions.Rates);
        long uncosted = 0;
        if (withCost)
        {
            foreach (var cost in await mediator.Send(new TimeCostsQuery(from, to), cancellationToken))
            {
                Add(cost.ClientId, cost.ProjectId, cost.Year * 12 + cost.Month - 1, 0, cost.CostMinor, cost.Seconds);
                uncosted += cost.UncostedSeconds;
            }
        }

        var clientIds = cells.Keys.Select(k => k.Client).Distinct().ToList();
        var projectIds = cells.Keys.Select(k => k.Project).OfType<Guid>().Distinct().ToList();
        var clientNames = await crm.Clients.Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var projectNames = await projects.Projects.Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);

        RevenueRow Row(string key, string label, IEnumerable<(long Revenue, long Cost, long Seconds)> values)
        {
            long revenue = 0, cost = 0, seconds = 0;
            foreach (var v in values)
            {
                revenue += v.Revenue;
                cost += v.Cost;
                seconds += v.Seconds;
            }

            return new RevenueRow(key, label, revenue, cost, seconds);
        }

        var months = Enumerable.Range(MonthIndex(from), MonthIndex(to) - MonthIndex(from) + 1)
            .Select(m => Row($"{m / 12:D4}-{m % 12 + 1:D2}", $"{m / 12:D4}-{m % 12 + 1:D2}", cells.Where(c => c.Key.Month == m).Select(c => c.Value))).ToList();
        var clients = cells.GroupBy(c => c.Key.Client)
            .Select(g => Row(g.Key.ToString(), clientNames.GetValueOrDefault(g.Key) ?? "?", g.Select(c => c.Value)))
            .OrderByDescending(r => r.RevenueMinor).ThenBy(r => r.Label, StringComparer.CurrentCulture).ToList();
        var byProject = cells.GroupBy(c => (c.Key.Client, c.Key.Project))
            .Select(g => Row(g.Key.Project?.ToString() ?? g.Key.Client + "/" + NoProject,
                g.Key.Project is { } p ? projectNames.GetValueOrDefault(p) ?? "?" : NoProject, g.Select(c => c.Value)) with { Client = clientNames.GetValueOrDefault(g.Key.Client) ?? "?" })
            .OrderByDescending(r => r.RevenueMinor).ThenBy(r => r.Label, StringComparer.CurrentCulture).ToList();
        return new RevenueReport(currency, from, to, withCost, months, clients, byProject, Row("total", "", cells.Values), documents.Count - booked.Count, uncosted)
        {
            Fx = await FxAsync(from, to, currency, cancellationToken),
        };
    }

    /// <summary>
    /// Each payment (and refund) of the period, by the day it was paid, of an invoice in another currency
    /// than the team's: its worth at the team's rate for that day less its worth at the rate the invoice
    /// locked when issued. The difference is the exchange gain or loss; payments without a rate for their
    /// day are counted apart, not guessed.
    /// </summary>
    private async Task<FxResult> FxAsync(DateOnly from, DateOnly to, string currency, CancellationToken cancellationToken)
    {
        var payments = await db.Set<Payment>().AsNoTracking()
            .Where(p => p.PaidOn >= from && p.PaidOn <= to && p.Currency != currency)
            .Join(db.Set<Invoice>().Where(i => i.BaseCurrency == currency && i.BaseFxRate != null), p => p.InvoiceId, i => i.Id,
                (p, i) => new { p.AmountMinor, p.Currency, p.PaidOn, Locked = i.BaseFxRate!.Value })
            .ToListAsync(cancellationToken);
        var dayRates = new Dictionary<(string, DateOnly), FoundRate?>();
        long gain = 0;
        int counted = 0, unrated = 0;
        foreach (var payment in payments)
        {
            if (!dayRates.TryGetValue((payment.Currency, payment.PaidOn), out var dayRate))
            {
                dayRates[(payment.Currency, payment.PaidOn)] = dayRate = await rates.FindAsync(payment.Currency, currency, payment.PaidOn, cancellationToken);
            }

            if (dayRate is null)
            {
                unrated++;
                continue;
            }

            gain += dayRate.Convert(payment.AmountMinor) - (dayRate with { Rate = payment.Locked }).Convert(payment.AmountMinor);
            counted++;
        }

        return new FxResult(gain, counted, unrated);
    }

    private static int MonthIndex(DateOnly day) => day.Year * 12 + day.Month - 1;

    /// <summary>
    /// Splits <paramref name="total"/> over parts in proportion to <paramref name="weights"/>: each part
    /// rounded down, the minor units left over given to the largest remainders, so the parts add up to the total.
    /// </summary>
    public static long[] Allocate(long total, IReadOnlyList<long> weights)
    {
        var result = new long[weights.Count];
        var sum = weights.Sum();
        if (weights.Count == 0)
        {
            return result;
        }

        if (sum == 0)
        {
            result[0] = total;
            return result;
        }

        var remainders = new decimal[weights.Count];
        long given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = (decimal)total * weights[i] / sum;
            result[i] = (long)Math.Floor(exact);
            remainders[i] = exact - result[i];
            given += result[i];
        }

        foreach (var i in Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)(total - given)))
        {
            result[i]++;
        }

        return result;
    }
}

/// <summary>The revenue report as CSV, by month, client or project.</summary>
public static class RevenueDownloads
{
    public const string CsvEndpoint = "billing.revenue.csv";

    public static void Map(PluginEndpoints endpoints) =>
        endpoints.MapGet("/billing/revenue.csv", CsvAsync, BillingPermissions.Read).WithName(CsvEndpoint);

    /// <summary>The months asked for ("yyyy-MM"), or the twelve up to this one; null when unreadable, backwards or more than ten years.</summary>
    public static (DateOnly From, DateOnly To)? Period(string? from, string? to, DateOnly today)
    {
        static DateOnly? Month(string? text) => DateOnly.TryParseExact(text?.Trim() + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var day) ? day : null;

        var end = string.IsNullOrWhiteSpace(to) ? new DateOnly(today.Year, today.Month, 1) : Month(to);
        var start = string.IsNullOrWhiteSpace(from) ? end?.AddMonths(-11) : Month(from);
        return start is { } s && end is { } e && s <= e && e.Year - s.Year <= 10 ? (s, e) : null;
    }

    private static async Task<IResult> CsvAsync(string? from, string? to, string? by, RevenueReports reports, BillingTerms terms, CancellationToken cancellationToken)
    {
        if (Period(from, to, await terms.TodayAsync(cancellationToken)) is not { } period || by is not (null or "month" or "client" or "project"))
        {
            return Results.BadRequest("Choose months as YYYY-MM, the first before the last, and by=month, client or project.");
        }

        var report = await reports.ForAsync(period.From, period.To, cancellationToken);
        var rows = by switch { "client" => report.Clients, "project" => report.Projects, _ => report.Months };
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        string M(long minor) => new Money(minor, report.Currency).FormatNumber();
        return CsvFiles.Download($"revenue-{by ?? "month"}-{report.From:yyyyMM}-{report.To:yyyyMM}.csv", async (csv, ct) =>
        {
            await csv.WriteRowAsync([by switch { "client" => "Client", "project" => "Project", _ => "Month" }, .. by == "project" ? new[] { "Client" } : [],
                "Revenue", .. report.WithCost ? new[] { "Cost", "Profit", "Margin %", "Hours" } : [], "Currency"], ct);
            foreach (var r in rows)
            {
                await csv.WriteRowAsync([r.Label == RevenueReports.NoProject ? "(no project)" : r.Label, .. by == "project" ? new[] { r.Client } : [],
                    M(r.RevenueMinor), .. report.WithCost ? new[] { M(r.CostMinor), M(r.ProfitMinor), r.Margin?.ToString("0.0", System.Globalization.CultureInfo.CurrentCulture), Formats.Hours(r.Seconds) } : [],
                    report.Currency], ct);
            }
        }, cancellationToken);
    }
}
