using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Crm;

/// <summary>The member's open follow-ups on the team's home dashboard, overdue first.</summary>
public sealed class FollowUpsCardViewComponent(AppDbContext db, CrmAccess access, TimeProvider clock) : ViewComponent
{
    public sealed record Item(Guid Id, string Subject, DateTime? DueAt, Guid? ContactId, string? ContactName, Guid? ClientId, string? ClientName);

    public sealed record Model(IReadOnlyList<Item> Items, int Total, DateTime Now);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var open = db.Set<Activity>().AsNoTracking().Where(a => a.Type == ActivityType.FollowUp && !a.Done && a.AuthorId == access.Me);
        var items = await open.OrderBy(a => a.DueAt).Take(8)
            .Select(a => new Item(a.Id, a.Subject, a.DueAt,
                a.ContactId, db.Set<Contact>().Where(c => c.Id == a.ContactId).Select(c => c.FirstName + " " + c.LastName).FirstOrDefault(),
                a.ClientId, db.Set<Client>().Where(c => c.Id == a.ClientId).Select(c => c.Name).FirstOrDefault()))
            .ToListAsync();
        // Counted only when there are more than the card shows.
        var total = items.Count < 8 ? items.Count : await open.CountAsync();
        return View("~/Areas/Crm/Pages/Shared/Components/FollowUpsCard/Default.cshtml", new Model(items, total, clock.GetUtcNow().UtcDateTime));
    }
}
