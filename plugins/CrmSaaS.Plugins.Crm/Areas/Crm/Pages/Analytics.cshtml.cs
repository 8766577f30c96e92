using System.Globalization;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Crm.Areas.Crm.Pages;

/// <summary>The team's CRM in numbers: ownership, activity per week, new clients per month, open follow-ups.</summary>
[RequiresPermission(CrmPermissions.Analytics)]
public sealed class AnalyticsModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Data = await mediator.Send(new Query(), cancellationToken);

    public sealed record OwnerRow(string Member, int Contacts, int Clients);

    public sealed record FollowUpRow(string Member, int Open, int Overdue);

    /// <param name="Weeks">Monday of each of the last 12 weeks.</param>
    /// <param name="ActivitiesPerWeek">Member → count per week, aligned with <paramref name="Weeks"/>.</param>
    /// <param name="Months">First day of each of the last 12 months.</param>
    public sealed record Result(IReadOnlyList<OwnerRow> Owners, IReadOnlyList<DateOnly> Weeks, IReadOnlyDictionary<string, int[]> ActivitiesPerWeek,
        IReadOnlyList<DateOnly> Months, IReadOnlyList<int> NewClientsPerMonth, IReadOnlyList<FollowUpRow> FollowUps);

    [RequiresPermission(CrmPermissions.Analytics)]
    public sealed record Query : IQuery<Result>;

    public sealed class Handler(AppDbContext db, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var members = await db.Memberships.Select(m => new { m.UserId, m.User!.DisplayName }).ToDictionaryAsync(m => m.UserId, m => m.DisplayName, cancellationToken);
            string Name(Guid id) => members.GetValueOrDefault(id, "—");

            var contactsPerOwner = await db.Set<Contact>().GroupBy(c => c.OwnerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
            var clientsPerOwner = await db.Set<Client>().GroupBy(c => c.ResponsibleManagerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
            var owners = contactsPerOwner.Keys.Union(clientsPerOwner.Keys)
                .Select(id => new OwnerRow(Name(id), contactsPerOwner.GetValueOrDefault(id), clientsPerOwner.GetValueOrDefault(id)))
                .OrderByDescending(r => r.Contacts + r.Clients).ToList();

            var today = DateOnly.FromDateTime(now);
            var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            var weeks = Enumerable.Range(0, 12).Select(i => thisMonday.AddDays(-7 * (11 - i))).ToList();
            var since = weeks[0].ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var activities = await db.Set<Activity>().Where(a => a.OccurredAt >= since).Select(a => new { a.AuthorId, a.OccurredAt }).ToListAsync(cancellationToken);
            var perWeek = activities.GroupBy(a => Name(a.AuthorId)).OrderBy(g => g.Key, StringComparer.CurrentCulture).ToDictionary(
                g => g.Key,
                g =>
                {
                    var counts = new int[weeks.Count];
                    foreach (var a in g)
                    {
                        counts[(DateOnly.FromDateTime(a.OccurredAt).DayNumber - weeks[0].DayNumber) / 7]++;
                    }

                    return counts;
                });

            var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
            var months = Enumerable.Range(0, 12).Select(i => firstOfMonth.AddMonths(i - 11)).ToList();
            var monthStart = months[0].ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var created = await db.Set<Client>().Where(c => c.CreatedAt >= monthStart).Select(c => c.CreatedAt).ToListAsync(cancellationToken);
            var perMonth = months.Select(m => created.Count(c => c.Year == m.Year && c.Month == m.Month)).ToList();

            var followUps = (await db.Set<Activity>().Where(a => a.Type == ActivityType.FollowUp && !a.Done)
                    .GroupBy(a => a.AuthorId)
                    .Select(g => new { g.Key, Open = g.Count(), Overdue = g.Count(a => a.DueAt < now) })
                    .ToListAsync(cancellationToken))
                .Select(x => new FollowUpRow(Name(x.Key), x.Open, x.Overdue)).OrderByDescending(r => r.Overdue).ToList();

            return new Result(owners, weeks, perWeek, months, perMonth, followUps);
        }
    }

    public static string MonthLabel(DateOnly month) => month.ToString("MMM yyyy", CultureInfo.CurrentCulture);
}
