using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Identity;

/// <summary>What a user is in the current team: a member with a role, a client contact with portal access, or nobody.</summary>
public sealed class SiteAccess(AppDbContext db, IEnumerable<IGuestAccess> guests)
{
    /// <summary>Whether a cookie's session is open, and the user's role in the current team, in one statement (every signed-in request asks).</summary>
    private static readonly Func<AppDbContext, Guid, Guid, CancellationToken, Task<SessionAccess?>> SessionQuery = EF.CompileAsyncQuery(
        (AppDbContext db, Guid sessionId, Guid userId, CancellationToken _) => db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null)
            .Select(s => new SessionAccess(db.Memberships.Where(m => m.UserId == userId).Select(m => (TeamRole?)m.Role).FirstOrDefault()))
            .FirstOrDefault());

    /// <summary>Null when the session is not open (signed out, ended by a password change); otherwise the user's role in the current team (null for none).</summary>
    public Task<SessionAccess?> SessionAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken) => SessionQuery(db, sessionId, userId, cancellationToken);

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

/// <param name="Role">The user's role in the current team; null outside a team or when not a member.</param>
public sealed record SessionAccess(TeamRole? Role);
