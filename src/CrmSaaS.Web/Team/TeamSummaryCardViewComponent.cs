using CrmSaaS.Kernel.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Team;

public sealed class TeamSummaryCardViewComponent(AppDbContext db, TimeProvider clock) : ViewComponent
{
    public sealed record Model(int Members, int PendingInvitations);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var members = await db.Memberships.CountAsync();
        var pending = await db.Invitations.CountAsync(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now);
        return View("~/Pages/Shared/Components/TeamSummaryCard/Default.cshtml", new Model(members, pending));
    }
}
