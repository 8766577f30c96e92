using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Time.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Time.Contracts;

public sealed class BillingHandlers(AppDbContext db, TimeProvider clock)
    : IQueryHandler<UnbilledEntriesQuery, IReadOnlyList<UnbilledEntry>>, IRequestHandler<MarkEntriesBilled>, IRequestHandler<ReleaseBilledEntries, int>
{
    public async ValueTask<IReadOnlyList<UnbilledEntry>> Handle(UnbilledEntriesQuery query, CancellationToken cancellationToken) =>
        await db.Set<TimeEntry>().AsNoTracking()
            .Where(e => e.ClientId == query.ClientId && e.Billable && e.InvoiceId == null && e.LocalDate <= query.UpTo)
            .OrderBy(e => e.LocalDate).ThenBy(e => e.StartUtc).ThenBy(e => e.Id)
            .Select(e => new UnbilledEntry(e.Id, e.ProjectId, e.TaskId, e.UserId, e.LocalDate, e.Description, e.Seconds, e.BillableSeconds,
                e.RateAmount, e.RateCurrency, e.AmountMinor))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// One conditional update in the caller's unit of work (an invoice being issued, say): it touches
    /// only entries still unbilled and billable. When that is not every requested entry, the update is
    /// undone to a savepoint and the refusal thrown, so the caller's unit of work rolls back too.
    /// </summary>
    public async ValueTask<Unit> Handle(MarkEntriesBilled command, CancellationToken cancellationToken)
    {
        var ids = command.EntryIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new EntriesNotBillableException(ids);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Marking entries billed needs the unit of work's transaction.");
        await transaction.CreateSavepointAsync(MarkSavepoint, cancellationToken);
        var marked = await db.Set<TimeEntry>()
            .Where(e => ids.Contains(e.Id) && e.InvoiceId == null && e.Billable)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.InvoiceId, command.InvoiceId).SetProperty(e => e.BilledAt, now), cancellationToken);
        if (marked != ids.Count)
        {
            var accepted = await db.Set<TimeEntry>().AsNoTracking().Where(e => ids.Contains(e.Id) && e.InvoiceId == command.InvoiceId && e.BilledAt == now)
                .Select(e => e.Id).ToListAsync(cancellationToken);
            await transaction.RollbackToSavepointAsync(MarkSavepoint, cancellationToken);
            throw new EntriesNotBillableException(ids.Except(accepted).ToList());
        }

        await transaction.ReleaseSavepointAsync(MarkSavepoint, cancellationToken);
        return Unit.Value;
    }

    public async ValueTask<int> Handle(ReleaseBilledEntries command, CancellationToken cancellationToken)
    {
        var ids = command.EntryIds.Distinct().ToList();
        return await db.Set<TimeEntry>().Where(e => ids.Contains(e.Id) && e.InvoiceId == command.InvoiceId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.InvoiceId, (Guid?)null).SetProperty(e => e.BilledAt, (DateTime?)null), cancellationToken);
    }

    private const string MarkSavepoint = "mark_entries_billed";
}
