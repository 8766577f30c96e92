using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Identity;

/// <summary>What a user is in the current team: a member with a role, a client contact with portal access, or nobody.</summary>
public sealed class SiteAccess(AppDbContext db, IEnumerable<IGuestAccess> guests)
{
    public async Task<TeamRole?> RoleAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Memberships.AsNoTracking().Where(m => m.UserId == userId).Select(m => (TeamRole?)m.Role).SingleOrDefaultAsync(cancellationToken);

    public async Task<bool> IsGuestAsync(Guid userId, CancellationToken cancellationToken)
    {
        foreach (var guest in guests)
        {
            if ((await guest.ContactsAsync(userId, cancellationToken)).Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the user may sign in to the current team at all.</summary>
    public async Task<bool> MayUseAsync(Guid userId, CancellationToken cancellationToken) =>
        await RoleAsync(userId, cancellationToken) is not null || await IsGuestAsync(userId, cancellationToken);
}
