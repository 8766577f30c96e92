using System.Globalization;
using System.Xml;
using Coravel.Invocable;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>The ECB's reference rates of one day: how many units of each currency one euro buys.</summary>
public sealed record EcbDay(DateOnly Day, IReadOnlyDictionary<string, decimal> PerEuro)
{
    /// <summary>One <paramref name="from"/> in <paramref name="to"/>, crossed over the euro; null when the ECB does not quote either.</summary>
    public decimal? Rate(string from, string to)
    {
        decimal? Of(string currency) => currency == "EUR" ? 1m : PerEuro.TryGetValue(currency, out var r) && r > 0 ? r : null;
        return Of(from) is { } f && Of(to) is { } t ? Math.Round(t / f, ExchangeRates.Decimals, MidpointRounding.AwayFromZero) : null;
    }
}

/// <summary>
/// Reads the ECB's daily reference rates (eurofxref-daily.xml). Offline, slow or changed, it logs and
/// gives null: the job tries again within the hour, and nothing else depends on it.
/// </summary>
public sealed class EcbFeed(HttpClient http, IConfiguration configuration, ILogger<EcbFeed> log)
{
    public const string DefaultUrl = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";

    public async Task<EcbDay?> FetchAsync(CancellationToken cancellationToken)
    {
        var url = configuration["Billing:Ecb:Url"] ?? DefaultUrl;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await ParseAsync(body, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or XmlException or FormatException or InvalidDataException)
        {
            log.LogWarning(ex, "The ECB rates could not be read from {Url}; the team's rate table stays as it is", url);
            return null;
        }
    }

    /// <summary>Reads the day's &lt;Cube time=".."&gt; and its &lt;Cube currency=".." rate=".."/&gt;; no DTDs, at most a megabyte.</summary>
    public static async Task<EcbDay> ParseAsync(Stream xml, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit, MaxCharactersInDocument = 1_000_000, XmlResolver = null };
        using var reader = XmlReader.Create(xml, settings);
        DateOnly? day = null;
        var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Cube")
            {
                continue;
            }

            if (reader.GetAttribute("time") is { } time)
            {
                day ??= DateOnly.ParseExact(time, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            else if (reader.GetAttribute("currency") is { Length: 3 } currency && reader.GetAttribute("rate") is { } rate)
            {
                rates[currency.ToUpperInvariant()] = decimal.Parse(rate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            }
        }

        return day is { } d && rates.Count > 0 ? new EcbDay(d, rates) : throw new InvalidDataException("No dated rates in the ECB's file.");
    }
}

/// <summary>
/// Keeps a team's table filled from the ECB: for every currency its clients are in, the day's rate to the
/// team's currency (crossed over the euro), unless the team has one for that pair and day already.
/// </summary>
public sealed class EcbImport(AppDbContext db, ICrmDirectory crm, ITenantContext tenant, TimeProvider clock, ILogger<EcbImport> log)
{
    public const string Source = "ECB";

    /// <returns>How many rates were added.</returns>
    public async Task<int> SaveAsync(EcbDay ecb, CancellationToken cancellationToken)
    {
        var team = tenant.Tenant?.Currency ?? throw new InvalidOperationException("Rates belong to a team.");
        var currencies = await crm.Clients.Select(c => c.Currency).Distinct().ToListAsync(cancellationToken);
        var have = await db.Set<ExchangeRate>().Where(r => r.Day == ecb.Day && r.To == team).Select(r => r.From).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var from in currencies.Where(c => c != team && !have.Contains(c)).Order(StringComparer.Ordinal))
        {
            if (ecb.Rate(from, team) is { } rate)
            {
                db.Add(new ExchangeRate { From = from, To = team, Day = ecb.Day, Rate = rate, Source = Source, CreatedAt = now });
                added++;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Another instance saved the day's rates first (the pair and day are unique): nothing is lost.
            log.LogInformation(ex, "The ECB rates of {Day} were saved by another run", ecb.Day);
            return 0;
        }

        return added;
    }
}

/// <summary>
/// Every hour, when <c>Billing:Ecb:Enabled</c> is true (off by default): the ECB's daily rates into every
/// team's table. One download for all teams; without a network it does nothing and says so in the log.
/// </summary>
[ActsAs("exchange rates", BillingPermissions.Settings)]
public sealed class ScheduledEcbRates(EcbFeed feed, TenantJobs jobs, IConfiguration configuration) : IInvocable
{
    public bool Enabled => configuration.GetValue("Billing:Ecb:Enabled", false);

    public async Task Invoke()
    {
        if (!Enabled || await feed.FetchAsync(CancellationToken.None) is not { } day)
        {
            return;
        }

        await jobs.ForEachActiveTenantAsync<ScheduledEcbRates>((services, _, cancellationToken) => services.GetRequiredService<EcbImport>().SaveAsync(day, cancellationToken), CancellationToken.None);
    }
}
