using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Web.Hosting;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Team;

/// <summary>Issues a fresh token for an invitation and queues the email with its link.</summary>
public sealed class InvitationMail(IEmailOutbox outbox, TenantUrls urls, ITenantContext tenant, ICurrentUser current, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public void Send(Invitation invitation)
    {
        var token = TeamProvisioning.NewToken();
        var now = clock.GetUtcNow().UtcDateTime;
        invitation.TokenHash = TeamProvisioning.Hash(token);
        invitation.ExpiresAt = now + Lifetime;
        invitation.LastSentAt = now;
        invitation.SendCount++;

        var team = tenant.Tenant!;
        var link = urls.ForTeam(team.Identifier, "/invitations/accept?token=" + token);
        outbox.Enqueue(
            invitation.Email,
            l["{0} invites you to {1} on CrmSaaS", current.DisplayName ?? team.Name, team.Name],
            $"{l["You have been invited to join {0} as {1}.", team.Name, l[invitation.Role.DisplayName()]]}\n\n" +
            $"{l["Accept the invitation within seven days:"]}\n{link}\n");
    }
}
