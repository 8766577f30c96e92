using CrmSaaS.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Kernel.Security;

/// <summary>The current team's members, for pickers and checks in every plugin.</summary>
public sealed class TeamMembers(AppDbContext db)
{
    /// <summary>Members by display name.</summary>
    public async Task<List<(Guid Id, string Name)>> ListAsync(CancellationToken cancellationToken) =>
        (await db.Memberships.OrderBy(m => m.User!.DisplayName).Select(m => new { m.UserId, m.User!.DisplayName }).ToListAsync(cancellationToken))
        .Select(m => (m.UserId, m.DisplayName)).ToList();

    /// <summary>The user ids of the members (a record can be given to any of them).</summary>
    public async Task<HashSet<Guid>> IdsAsync(CancellationToken cancellationToken) =>
        (await db.Memberships.Select(m => m.UserId).ToListAsync(cancellationToken)).ToHashSet();
}
