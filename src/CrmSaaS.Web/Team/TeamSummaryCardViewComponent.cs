using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Team;

/// <summary>The team's members and open invitations on the dashboard.</summary>
public sealed class TeamSummaryCardViewComponent(AppDbContext db, ITenantContext tenant, TimeProvider clock) : ViewComponent
{
    public sealed record Model(int Members, int PendingInvitations);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var team = tenant.Tenant!.Id;
        // Both counts in one statement.
        var model = await db.Tenants.Where(t => t.Id == team)
            .Select(t => new Model(db.Memberships.Count(), db.Invitations.Count(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)))
            .SingleAsync();
        return View("~/Pages/Shared/Components/TeamSummaryCard/Default.cshtml", model);
    }
}
