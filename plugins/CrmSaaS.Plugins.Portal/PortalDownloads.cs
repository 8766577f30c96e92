using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CrmSaaS.Plugins.Portal;

/// <summary>An invoice's PDF and e-invoice for the client's billing contacts, exactly as issued; any other invoice is "not found".</summary>
public static class PortalDownloads
{
    public static void Map(PluginEndpoints endpoints)
    {
        endpoints.MapGet("/portal/invoices/{id:guid}/pdf", (Guid id, PortalViewer viewer, IMediator mediator, CancellationToken ct) => FileAsync(id, false, viewer, mediator, ct), PortalPermissions.Access);
        endpoints.MapGet("/portal/invoices/{id:guid}/xml", (Guid id, PortalViewer viewer, IMediator mediator, CancellationToken ct) => FileAsync(id, true, viewer, mediator, ct), PortalPermissions.Access);
    }

    private static async Task<IResult> FileAsync(Guid id, bool xml, PortalViewer viewer, IMediator mediator, CancellationToken cancellationToken)
    {
        var sight = await viewer.SightAsync(cancellationToken);
        var file = sight.SeesInvoices ? await mediator.Send(new ClientInvoiceFileQuery(id, sight.BillingClients, xml), cancellationToken) : null;
        return file is null ? Results.NotFound() : Results.File(file.Content, file.ContentType, file.FileName);
    }
}
