using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Pages.Team;

[RequiresPermission(TeamPermissions.AuditRead)]
public sealed class AuditModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Query Filter { get; set; } = new();

    public Result Data { get; private set; } = new(new Page<AuditEntry>([], 1, 1, 0), [], []);

    [HtmxFragment("_AuditRows")]
    public async Task OnGetAsync() => Data = await mediator.Send(Filter);

    public sealed record UserOption(Guid Id, string Name);

    public sealed record Result(Page<AuditEntry> Entries, IReadOnlyList<string> EntityTypes, IReadOnlyList<UserOption> Users);

    [RequiresPermission(TeamPermissions.AuditRead)]
    public sealed class Query : IQuery<Result>
    {
        public string? EntityType { get; set; }
        public Guid? UserId { get; set; }
        public AuditAction? Action { get; set; }
        public DateOnly? From { get; set; }
        public DateOnly? To { get; set; }
        public int PageNumber { get; set; } = 1;
    }

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, Result>
    {
        public const int PageSize = 50;

        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var entries = db.AuditEntries.AsNoTracking();
            if (!string.IsNullOrEmpty(query.EntityType))
            {
                entries = entries.Where(a => a.EntityType == query.EntityType);
            }

            if (query.UserId is { } userId)
            {
                entries = entries.Where(a => a.UserId == userId);
            }

            if (query.Action is { } action)
            {
                entries = entries.Where(a => a.Action == action);
            }

            if (query.From is { } from)
            {
                var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                entries = entries.Where(a => a.At >= start);
            }

            if (query.To is { } to)
            {
                var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                entries = entries.Where(a => a.At < end);
            }

            var page = await entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).ToPageAsync(query.PageNumber, PageSize, cancellationToken);
            var types = await db.AuditEntries.Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
            var users = await db.AuditEntries.Where(a => a.UserId != null)
                .GroupBy(a => a.UserId)
                .Select(g => new UserOption(g.Key!.Value, g.Max(a => a.UserName) ?? ""))
                .ToListAsync(cancellationToken);
            return new Result(page, types, users.OrderBy(u => u.Name).ToList());
        }
    }
}
