using System.Security.Claims;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Identity;

/// <summary>
/// Server-side sessions: each sign-in records one and puts its id in the cookie; each request checks
/// it is still open. Signing out ends this session; changing the password ends the others; a reset
/// ends them all — at once, on every instance, whatever a copied cookie says.
/// </summary>
public sealed class UserSessions(AppDbContext db, TimeProvider clock)
{
    public static Guid? IdOf(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirst(AppClaims.Session)?.Value, out var id) ? id : null;

    /// <summary>Cookie event: a fresh sign-in opens a session; a refresh of the same user's cookie keeps its session.</summary>
    public static async Task OnSigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == AppClaims.Session)
            || !Guid.TryParse(identity.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId))
        {
            return;
        }

        var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessions>();
        var current = context.HttpContext.User;
        var sameUser = current.FindFirst(ClaimTypes.NameIdentifier)?.Value == userId.ToString();
        var session = sameUser && IdOf(current) is { } open && await sessions.IsOpenAsync(open, userId, context.HttpContext.RequestAborted)
            ? open
            : await sessions.StartAsync(userId, context.HttpContext.RequestAborted);
        identity.AddClaim(new Claim(AppClaims.Session, session.ToString()));
    }

    /// <summary>Security-stamp refresh builds a new principal; it stays in the same session.</summary>
    public static Task OnRefreshingPrincipalAsync(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(AppClaims.Session) is { } session && context.NewPrincipal?.Identity is ClaimsIdentity identity
            && !identity.HasClaim(c => c.Type == AppClaims.Session))
        {
            identity.AddClaim(new Claim(AppClaims.Session, session.Value));
        }

        return Task.CompletedTask;
    }

    public async Task<Guid> StartAsync(Guid userId, CancellationToken cancellationToken)
    {
        var session = new UserSession { UserId = userId, StartedAt = clock.GetUtcNow().UtcDateTime };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session.Id;
    }

    public Task<bool> IsOpenAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken) =>
        db.UserSessions.AnyAsync(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null, cancellationToken);

    public Task EndAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now), cancellationToken);
    }

    /// <summary>Ends every open session of the user but <paramref name="keep"/> (the browser that changed the password).</summary>
    public Task EndAllAsync(Guid userId, Guid? keep, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null && s.Id != keep)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now), cancellationToken);
    }
}
