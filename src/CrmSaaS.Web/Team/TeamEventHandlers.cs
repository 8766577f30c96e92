using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Contracts;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Web.Hosting;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Team;

/// <summary>Welcomes the owner of a new team with the address of their team.</summary>
public sealed class OnTeamSignedUp(IEmailOutbox outbox, TenantUrls urls, IStringLocalizer<SharedResource> l)
    : INotificationHandler<TeamSignedUp>
{
    public ValueTask Handle(TeamSignedUp notification, CancellationToken cancellationToken)
    {
        var address = urls.ForTeam(notification.Identifier);
        outbox.Enqueue(
            notification.OwnerEmail,
            l["Welcome to CrmSaaS, {0}", notification.TeamName],
            $"{l["Your team {0} is ready.", notification.TeamName]}\n\n{l["Sign in at any time at:"]}\n{address}\n");
        return ValueTask.CompletedTask;
    }
}

/// <summary>Tells whoever sent the invitation that it was accepted.</summary>
public sealed class OnMemberJoined(AppDbContext db, IEmailOutbox outbox, IStringLocalizer<SharedResource> l)
    : INotificationHandler<MemberJoined>
{
    public async ValueTask Handle(MemberJoined notification, CancellationToken cancellationToken)
    {
        var inviter = await db.Users.Where(u => u.Id == notification.InvitedByUserId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (inviter is null)
        {
            return;
        }

        outbox.Enqueue(
            inviter,
            l["{0} joined your team", notification.DisplayName],
            l["{0} accepted your invitation and joined as {1}.", notification.DisplayName, l[notification.Role.DisplayName()]]);
    }
}
