using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Portal.Domain;

/// <summary>Erasing a contact ends their portal access and forgets the address it was sent to.</summary>
public sealed class PortalErasure(AppDbContext db, IStringLocalizer<Kernel.Localization.SharedResource> l) : IContactErasure
{
    public async Task<string?> EraseAsync(ErasedContact contact, CancellationToken cancellationToken)
    {
        var removed = await db.Set<PortalAccess>().Where(a => a.ContactId == contact.ContactId).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? null : l["Portal access removed"].Value;
    }
}
