using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Portal.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Portal;

/// <summary>On a contact's page: their portal access and whether they are a client admin, with the way to change their roles.</summary>
public sealed record ContactPortalSummary(Guid ContactId, bool HasClient, PortalStatus Status);

public sealed class ContactPortalSectionViewComponent(PortalInvitations invitations, ICrmDirectory crm) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid entityId)
    {
        var ct = HttpContext.RequestAborted;
        var hasClient = await crm.Contacts.AnyAsync(c => c.Id == entityId && c.ClientId != null, ct);
        var status = await invitations.StatusAsync(entityId, ct);
        return View("~/Areas/Portal/Pages/Shared/Components/ContactPortalSection.cshtml", new ContactPortalSummary(entityId, hasClient, status));
    }
}

/// <summary>On a client's page: how many of its contacts use the portal and who its client admins are.</summary>
public sealed record ClientPortalSummary(Guid ClientId, int Active, int Pending, IReadOnlyList<string> Admins);

public sealed class ClientPortalSectionViewComponent(AppDbContext db, ICrmDirectory crm) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid entityId)
    {
        var ct = HttpContext.RequestAborted;
        var contacts = crm.Contacts.Where(c => c.ClientId == entityId).Select(c => c.Id);
        var rows = await db.Set<PortalAccess>().AsNoTracking().Where(a => a.ClientId == entityId && a.RevokedAt == null && contacts.Contains(a.ContactId))
            .Select(a => new { a.ContactId, a.IsClientAdmin, Active = a.AcceptedAt != null }).ToListAsync(ct);
        var admins = rows.Where(r => r.IsClientAdmin).Select(r => r.ContactId).ToList();
        var names = await crm.Contacts.Where(c => admins.Contains(c.Id)).OrderBy(c => c.LastName).Select(c => c.FirstName + " " + c.LastName).ToListAsync(ct);
        return View("~/Areas/Portal/Pages/Shared/Components/ClientPortalSection.cshtml",
            new ClientPortalSummary(entityId, rows.Count(r => r.Active), rows.Count(r => !r.Active), names));
    }
}
