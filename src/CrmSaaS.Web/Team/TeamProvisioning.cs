using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Team;

/// <summary>Creates teams, users and memberships; shared by sign-up, invitations and the demo seed.</summary>
public sealed class TeamProvisioning(AppDbContext db, UserAccounts accounts, TimeProvider clock)
{
    public static readonly TimeSpan SignInTicketLifetime = TimeSpan.FromMinutes(2);

    public async Task<bool> IsIdentifierTakenAsync(string identifier, CancellationToken ct) =>
        await db.Tenants.AnyAsync(t => t.Identifier == identifier, ct);

    /// <summary>Creates a user or throws a <see cref="ValidationFailedException"/> naming the field at fault.</summary>
    public Task<AppUser> CreateUserAsync(string displayName, string email, string password, string culture, string fieldPrefix) =>
        accounts.CreateAsync(displayName, email, password, culture, fieldPrefix);

    /// <summary>Adds the membership inside the current tenant scope (the caller's SaveChanges commits it).</summary>
    public Membership AddMembership(Guid userId, TeamRole role)
    {
        var membership = new Membership { UserId = userId, Role = role, JoinedAt = clock.GetUtcNow().UtcDateTime };
        db.Memberships.Add(membership);
        return membership;
    }

    /// <summary>A one-time, short-lived sign-in link token for the current tenant; only its hash is stored.</summary>
    public string IssueSignInTicket(Guid userId) => IssueSignInTicket(userId, SignInTicketLifetime);

    public string IssueSignInTicket(Guid userId, TimeSpan lifetime)
    {
        var token = NewToken();
        db.SignInTickets.Add(new SignInTicket
        {
            UserId = userId,
            TokenHash = Hash(token),
            ExpiresAt = clock.GetUtcNow().UtcDateTime + lifetime,
        });
        return token;
    }

    public static string NewToken() => Tokens.New();

    public static string Hash(string token) => Tokens.Hash(token);

    public static Tenant NewTenant(string name, string identifier, DateTime now) => new()
    {
        Name = name,
        Identifier = identifier,
        CreatedAt = now,
        State = TenantState.Active,
    };
}
