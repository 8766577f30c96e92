using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>A rate as found for a day: the latest kept on or before it, directly or inverted.</summary>
public sealed record FoundRate(string From, string To, decimal Rate, DateOnly Day, string Source)
{
    /// <summary>Converts an amount in minor units of <see cref="From"/> to minor units of <see cref="To"/>, rounded once, half away from zero.</summary>
    public long Convert(long minor) =>
        (long)Math.Round(minor / (decimal)Currencies.Factor(From) * Rate * Currencies.Factor(To), 0, MidpointRounding.AwayFromZero);
}

/// <summary>The team's exchange-rate table: the rate for a currency pair on a day.</summary>
public sealed class ExchangeRates(AppDbContext db)
{
    public const int Decimals = 8;

    /// <summary>The latest rate on or before <paramref name="day"/> from <paramref name="from"/> to <paramref name="to"/>, or the inverse of the reverse pair's; null when the table has neither.</summary>
    public async Task<FoundRate?> FindAsync(string from, string to, DateOnly day, CancellationToken cancellationToken)
    {
        if (from == to)
        {
            return new FoundRate(from, to, 1m, day, "same currency");
        }

        var rates = db.Set<ExchangeRate>().AsNoTracking();
        var direct = await rates.Where(r => r.From == from && r.To == to && r.Day <= day).OrderByDescending(r => r.Day).FirstOrDefaultAsync(cancellationToken);
        var inverse = await rates.Where(r => r.From == to && r.To == from && r.Day <= day).OrderByDescending(r => r.Day).FirstOrDefaultAsync(cancellationToken);
        return (direct, inverse) switch
        {
            ({ } d, { } i) when i.Day > d.Day => Inverted(i),
            ({ } d, _) => new FoundRate(from, to, d.Rate, d.Day, d.Source),
            (null, { } i) => Inverted(i),
            _ => null,
        };

        FoundRate Inverted(ExchangeRate r) => new(from, to, Math.Round(1m / r.Rate, Decimals, MidpointRounding.AwayFromZero), r.Day, r.Source);
    }
}
