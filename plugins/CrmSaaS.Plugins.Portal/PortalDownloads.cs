using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Portal;

/// <summary>An invoice's PDF and e-invoice for the client's billing contacts, exactly as issued; any other invoice is "not found".</summary>
public static class PortalDownloads
{
    public static void Map(PluginEndpoints endpoints)
    {
        endpoints.MapGet("/portal/invoices/{id:guid}/pdf", (Guid id, PortalViewer viewer, IMediator mediator, CancellationToken ct) => FileAsync(id, false, viewer, mediator, ct), PortalPermissions.Access);
        endpoints.MapGet("/portal/time.csv", TimeAsync, PortalPermissions.Access);
        endpoints.MapGet("/portal/time.pdf", TimePdfAsync, PortalPermissions.Access);
        endpoints.MapGet("/portal/statement.pdf", StatementAsync, PortalPermissions.Access);
        endpoints.MapGet("/portal/invoices/{id:guid}/xml", (Guid id, PortalViewer viewer, IMediator mediator, CancellationToken ct) => FileAsync(id, true, viewer, mediator, ct), PortalPermissions.Access);
    }

    /// <summary>The time page's entries as CSV: the same filter, every entry of the period (not one page), oldest first.</summary>
    private static async Task<IResult> TimeAsync(HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        if (!QueryBinding.TryBind<Areas.Portal.Pages.TimeModel.Query>(request.Query, out var filter, out var error))
        {
            return Results.BadRequest(error);
        }

        var view = await mediator.Send(new Areas.Portal.Pages.TimeModel.AllEntries(filter), cancellationToken);
        return CsvFiles.Download($"time-{view.From:yyyy-MM-dd}-{view.To:yyyy-MM-dd}.csv", async (csv, ct) =>
        {
            await csv.WriteRowAsync(["Date", "Project", "Member", "Hours", "Description"], ct);
            foreach (var e in view.Entries.Items)
            {
                await csv.WriteRowAsync([e.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), view.ProjectName(e.ProjectId), view.MemberName(e.UserId), Formats.Hours(e.Seconds), e.Description], ct);
            }
        }, cancellationToken);
    }

    /// <summary>The time page's entries as a PDF time sheet in the contact's language: the same filter, the whole period.</summary>
    private static async Task<IResult> TimePdfAsync(HttpRequest request, IMediator mediator, IStringLocalizer<SharedResource> l, CancellationToken cancellationToken)
    {
        if (!QueryBinding.TryBind<Areas.Portal.Pages.TimeModel.Query>(request.Query, out var filter, out var error))
        {
            return Results.BadRequest(error);
        }

        var view = await mediator.Send(new Areas.Portal.Pages.TimeModel.AllEntries(filter), cancellationToken);
        var rows = view.Entries.Items.Select(e => new ClientTimeRow(Formats.Date(e.Date), view.ProjectName(e.ProjectId), view.MemberName(e.UserId), Formats.Hours(e.Seconds), e.Description)).ToList();
        var sheet = await mediator.Send(new TimeSheetPdfQuery(l["Time"], l["{0} h from {1} to {2}", Formats.Hours(view.Seconds), Formats.Date(view.From), Formats.Date(view.To)],
            [l["Date"], l["Project"], l["Member"], l["Hours"], l["Description"], l["Total"], l["Page {0} of {1}"]], rows, Formats.Hours(view.Seconds)), cancellationToken);
        return Results.File(sheet.Content, sheet.ContentType, $"time-{view.From:yyyy-MM-dd}-{view.To:yyyy-MM-dd}.pdf");
    }

    /// <summary>A billing contact's statement of account of their client for a period (the last twelve months by default).</summary>
    private static async Task<IResult> StatementAsync(DateOnly? from, DateOnly? to, Guid? client, PortalViewer viewer, IMediator mediator, CancellationToken cancellationToken)
    {
        var sight = await viewer.SightAsync(cancellationToken);
        var clientId = client ?? sight.BillingClients.FirstOrDefault();
        var file = sight.SeesInvoices ? await mediator.Send(new ClientStatementQuery(clientId, sight.BillingClients, from, to), cancellationToken) : null;
        return file is null ? Results.NotFound() : Results.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<IResult> FileAsync(Guid id, bool xml, PortalViewer viewer, IMediator mediator, CancellationToken cancellationToken)
    {
        var sight = await viewer.SightAsync(cancellationToken);
        var file = sight.SeesInvoices ? await mediator.Send(new ClientInvoiceFileQuery(id, sight.BillingClients, xml), cancellationToken) : null;
        return file is null ? Results.NotFound() : Results.File(file.Content, file.ContentType, file.FileName);
    }
}
