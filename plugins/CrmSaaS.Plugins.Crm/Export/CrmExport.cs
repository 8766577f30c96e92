using System.Globalization;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using ClientList = CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Clients.IndexModel;
using ContactList = CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Contacts.IndexModel;

namespace CrmSaaS.Plugins.Crm.Export;

/// <summary>CSV downloads of the clients and contacts lists as filtered on screen, streamed row by row.</summary>
public static class CrmExport
{
    public const string ClientsEndpoint = "crm.export.clients";
    public const string ContactsEndpoint = "crm.export.contacts";

    public static void Map(PluginEndpoints endpoints)
    {
        endpoints.MapGet("/crm/export/clients", Clients, CrmPermissions.Export).WithName(ClientsEndpoint);
        endpoints.MapGet("/crm/export/contacts", Contacts, CrmPermissions.Export).WithName(ContactsEndpoint);
    }

    private static IResult Clients(HttpRequest request, AppDbContext db, CrmAccess access, TimeProvider clock, CancellationToken cancellationToken) =>
        !QueryBinding.TryBind<ClientList.Query>(request.Query, out var filter, out var error) ? Results.BadRequest(error) : CsvFiles.Download(FileName("clients", clock), async (csv, ct) =>
        {
            await csv.WriteRowAsync(["Name", "Status", "Country", "VAT ID", "Billing emails", "Phone", "Website", "Currency", "Document language", "Tags", "Billing address"], ct);
            await foreach (var c in ClientList.Handler.Filtered(db, filter, access.Me).AsAsyncEnumerable().WithCancellation(ct))
            {
                await csv.WriteRowAsync([c.Name, c.Status.ToString(), c.Country, c.VatId, c.BillingEmails, c.Phone, c.Website, c.Currency, c.DocumentLanguage, Tags.Display(c.Tags), c.BillingAddress], ct);
            }
        }, cancellationToken);

    private static IResult Contacts(HttpRequest request, AppDbContext db, ContactSearchIndex index, CrmAccess access, TimeProvider clock, CancellationToken cancellationToken) =>
        !QueryBinding.TryBind<ContactList.Query>(request.Query, out var filter, out var error) ? Results.BadRequest(error) : CsvFiles.Download(FileName("contacts", clock), async (csv, ct) =>
        {
            await csv.WriteRowAsync(["First name", "Last name", "Email", "Phone", "Position", "Client", "Representative", "Owner", "Tags"], ct);
            var rows = ContactList.Handler.Project(db, await ContactList.Handler.FilteredAsync(db, index, filter, access.Me, ct));
            await foreach (var c in rows.AsAsyncEnumerable().WithCancellation(ct))
            {
                await csv.WriteRowAsync([c.FirstName, c.LastName, c.Email, c.Phone, c.Position, c.ClientName, c.IsRepresentative ? "yes" : "no", c.Owner, Tags.Display(c.Tags)], ct);
            }
        }, cancellationToken);

    private static string FileName(string kind, TimeProvider clock) => $"{kind}-{clock.GetUtcNow().ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}.csv";
}
