using System.Globalization;
using System.Text;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages;

/// <summary>CSV export of the clients or contacts list as filtered on screen, streamed row by row.</summary>
[RequiresPermission(CrmPermissions.Export)]
public sealed class ExportModel(AppDbContext db, ContactSearchIndex index, CrmAccess access, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string kind, [FromQuery] Contacts.IndexModel.Query contactFilter, [FromQuery] Clients.IndexModel.Query clientFilter)
    {
        if (kind is not ("clients" or "contacts"))
        {
            return NotFound();
        }

        var stamp = clock.GetUtcNow().ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{kind}-{stamp}.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        if (kind == "clients")
        {
            await Csv.WriteRowAsync(writer, ["Name", "Status", "Country", "VAT ID", "Billing emails", "Phone", "Website", "Currency", "Document language", "Tags", "Billing address"]);
            await foreach (var c in Clients.IndexModel.Handler.Filtered(db, clientFilter, access.Me).AsAsyncEnumerable())
            {
                await Csv.WriteRowAsync(writer, [c.Name, c.Status.ToString(), c.Country, c.VatId, c.BillingEmails, c.Phone, c.Website, c.Currency, c.DocumentLanguage, Tags.Display(c.Tags), c.BillingAddress]);
            }
        }
        else
        {
            await Csv.WriteRowAsync(writer, ["First name", "Last name", "Email", "Phone", "Position", "Client", "Representative", "Owner", "Tags"]);
            var rows = Contacts.IndexModel.Handler.Project(db, Contacts.IndexModel.Handler.Filtered(db, index, contactFilter, access.Me));
            await foreach (var c in rows.AsAsyncEnumerable())
            {
                await Csv.WriteRowAsync(writer, [c.FirstName, c.LastName, c.Email, c.Phone, c.Position, c.ClientName, c.IsRepresentative ? "yes" : "no", c.Owner, Tags.Display(c.Tags)]);
            }
        }

        return new EmptyResult();
    }
}
