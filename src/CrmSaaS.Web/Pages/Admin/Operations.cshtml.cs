using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Jobs;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Pages.Admin;

/// <summary>
/// The Superadmin's view of background work that needs a person: integration event deliveries that
/// keep failing or were given up, emails given up, and teams a scheduled job failed for.
/// </summary>
[RootSite]
[RequiresPermission(PlatformPermissions.Operations)]
public sealed class OperationsModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    public Overview Data { get; private set; } = new([], [], [], []);

    public async Task OnGetAsync() => Data = await mediator.Send(new Query());

    public async Task<IActionResult> OnPostRetryEventAsync(Guid id)
    {
        await mediator.Send(new RetryDelivery(id));
        TempData["Flash"] = l["The delivery is queued again."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRetryEmailAsync(Guid id)
    {
        await mediator.Send(new RetryEmail(id));
        TempData["Flash"] = l["The email is queued again."].Value;
        return RedirectToPage();
    }

    public sealed record DeliveryRow(Guid Id, string Team, string Event, string Handler, DeliveryStatus Status, int Attempts, DateTime OccurredAt, DateTime NextAttemptAt, string? LastError);

    public sealed record EmailRow(Guid Id, string? Team, string To, string Subject, int Attempts, DateTime CreatedAt, DateTime? DeadAt, string? LastError);

    public sealed record JobFailureRow(string Job, string Team, DateTime At, string Error);

    public sealed record Overview(IReadOnlyList<DeliveryRow> Deliveries, IReadOnlyList<EmailRow> Emails, IReadOnlyList<JobFailureRow> JobFailures, IReadOnlyList<JobRun> Runs);

    [RequiresPermission(PlatformPermissions.Operations)]
    public sealed record Query : IQuery<Overview>;

    [RequiresPermission(PlatformPermissions.Operations)]
    public sealed record RetryDelivery(Guid Id) : IRequest;

    [RequiresPermission(PlatformPermissions.Operations)]
    public sealed record RetryEmail(Guid Id) : IRequest;

    public sealed class Handlers(AppDbContext db, IUnitOfWork unitOfWork, IntegrationEventSignal events, OutboxSignal outbox, TimeProvider clock)
        : IQueryHandler<Query, Overview>, IRequestHandler<RetryDelivery>, IRequestHandler<RetryEmail>
    {
        public const int Shown = 100;

        public async ValueTask<Overview> Handle(Query query, CancellationToken cancellationToken)
        {
            var teams = db.Tenants.AsNoTracking();
            var deliveries = await db.Set<EventDelivery>().AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.DeadLettered || (d.Status == DeliveryStatus.Pending && d.Attempts > 0))
                .Join(db.Set<StoredEvent>(), d => d.EventId, e => e.Id, (d, e) => new { d, e })
                .OrderByDescending(x => x.e.OccurredAt).Take(Shown)
                .Select(x => new DeliveryRow(x.d.Id, teams.Where(t => t.Id == x.d.TenantId).Select(t => t.Identifier).FirstOrDefault() ?? "?",
                    x.e.Type, x.d.Handler, x.d.Status, x.d.Attempts, x.e.OccurredAt, x.d.NextAttemptAt, x.d.LastError))
                .ToListAsync(cancellationToken);
            var emails = await db.Outbox.AsNoTracking()
                .Where(m => m.SentAt == null && (m.DeadAt != null || m.Attempts > 0))
                .OrderByDescending(m => m.CreatedAt).Take(Shown)
                .Select(m => new EmailRow(m.Id, teams.Where(t => t.Id == m.TenantId).Select(t => t.Identifier).FirstOrDefault(), m.To, m.Subject, m.Attempts, m.CreatedAt, m.DeadAt, m.LastError))
                .ToListAsync(cancellationToken);
            var failures = await db.Set<JobFailure>().AsNoTracking()
                .OrderByDescending(f => f.At).Take(Shown)
                .Select(f => new JobFailureRow(f.Job, teams.Where(t => t.Id == f.TenantId).Select(t => t.Identifier).FirstOrDefault() ?? "?", f.At, f.Error))
                .ToListAsync(cancellationToken);
            var runs = await db.Set<JobRun>().AsNoTracking().OrderByDescending(r => r.StartedAt).Take(20).ToListAsync(cancellationToken);
            return new Overview(deliveries, emails, failures, runs);
        }

        public async ValueTask<Unit> Handle(RetryDelivery command, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var queued = await db.Set<EventDelivery>().Where(d => d.Id == command.Id && d.Status == DeliveryStatus.DeadLettered)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.Attempts, 0).SetProperty(d => d.NextAttemptAt, now), cancellationToken);
            if (queued == 0)
            {
                throw new NotFoundException("Dead-lettered delivery");
            }

            unitOfWork.AfterCommit(_ =>
            {
                events.Nudge();
                return Task.CompletedTask;
            });
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(RetryEmail command, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var queued = await db.Outbox.Where(m => m.Id == command.Id && m.DeadAt != null && m.SentAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeadAt, (DateTime?)null).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, now), cancellationToken);
            if (queued == 0)
            {
                throw new NotFoundException("Undelivered email");
            }

            unitOfWork.AfterCommit(_ =>
            {
                outbox.Nudge();
                return Task.CompletedTask;
            });
            return Unit.Value;
        }
    }

    /// <summary>The last part of a dotted type name: "CrmSaaS.Plugins.Crm.Contracts.ClientCreated" → "ClientCreated".</summary>
    public static string Short(string typeName) => typeName[(typeName.LastIndexOf('.') + 1)..];
}
