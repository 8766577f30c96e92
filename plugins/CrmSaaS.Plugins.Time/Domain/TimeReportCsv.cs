using System.Globalization;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ReportsModel = CrmSaaS.Plugins.Time.Areas.Time.Pages.ReportsModel;

namespace CrmSaaS.Plugins.Time.Domain;

/// <summary>The time report's lines as a CSV download: the same query as the page, hours as decimals, amounts per currency for those who see them.</summary>
public static class TimeReportCsv
{
    public const string Endpoint = "time.reports.csv";

    public static void Map(PluginEndpoints endpoints) =>
        endpoints.MapGet("/time/reports.csv", DownloadAsync, TimePermissions.Track).WithName(Endpoint);

    private static async Task<IResult> DownloadAsync(HttpRequest request, IMediator mediator, ICurrentUser user, CancellationToken cancellationToken)
    {
        if (!QueryBinding.TryBind<ReportsModel.Query>(request.Query, out var filter, out var error))
        {
            return Results.BadRequest(error);
        }

        var data = await mediator.Send(filter, cancellationToken);
        var amounts = user.Has(TimePermissions.Rates) ? data.Currencies : [];
        return CsvFiles.Download($"time-{data.From:yyyy-MM-dd}-{data.To:yyyy-MM-dd}.csv", async (csv, ct) =>
        {
            await csv.WriteRowAsync(data.Headings.Concat(["Hours", "Billable hours", "Entries"]).Concat(amounts), ct);
            foreach (var line in data.Lines.Append(data.Total))
            {
                await csv.WriteRowAsync(line.Labels.Concat([Formats.Hours(line.Seconds), Formats.Hours(line.BillableSeconds), line.Entries.ToString(CultureInfo.CurrentCulture)])
                    .Concat(amounts.Select(c => new Money(line.AmountMinor.GetValueOrDefault(c), c).FormatNumber())), ct);
            }
        }, cancellationToken);
    }
}
