using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Projects.Domain;

/// <summary>
/// Erasing a contact removes them from every project (the invitation with its address) and empties
/// the comments they wrote on tasks; the tasks themselves stay.
/// </summary>
public sealed class ProjectErasure(AppDbContext db, IStringLocalizer<Kernel.Localization.SharedResource> l) : IContactErasure
{
    public async Task<string?> EraseAsync(ErasedContact contact, CancellationToken cancellationToken)
    {
        var memberships = db.Set<ProjectMember>().Where(m => m.ContactId == contact.ContactId);
        var accounts = await memberships.Where(m => m.UserId != null).Select(m => m.UserId!.Value).Distinct().ToListAsync(cancellationToken);
        var comments = accounts.Count == 0 ? 0 : await db.Set<TaskComment>().Where(c => accounts.Contains(c.AuthorId))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Text, "—"), cancellationToken);
        var removed = await memberships.ExecuteDeleteAsync(cancellationToken);
        return (removed, comments) switch
        {
            (0, 0) => null,
            (_, 0) => l["Removed from {0} projects", removed].Value,
            _ => l["Removed from {0} projects; {1} comments emptied", removed, comments].Value,
        };
    }
}
