using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Time.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Time.Contracts;

public sealed class BillingHandlers(AppDbContext db, TimeProvider clock)
    : IRequestHandler<UnbilledEntriesQuery, IReadOnlyList<UnbilledEntry>>, IRequestHandler<MarkEntriesBilled>
{
    public async ValueTask<IReadOnlyList<UnbilledEntry>> Handle(UnbilledEntriesQuery query, CancellationToken cancellationToken) =>
        await db.Set<TimeEntry>().AsNoTracking()
            .Where(e => e.ClientId == query.ClientId && e.Billable && e.InvoiceId == null && e.LocalDate <= query.UpTo)
            .OrderBy(e => e.LocalDate).ThenBy(e => e.StartUtc).ThenBy(e => e.Id)
            .Select(e => new UnbilledEntry(e.Id, e.ProjectId, e.TaskId, e.UserId, e.LocalDate, e.Description, e.Seconds, e.BillableSeconds,
                e.RateAmount, e.RateCurrency, e.AmountCents))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// One conditional update inside a transaction: it touches only entries still unbilled and billable,
    /// and when that is not every requested entry, the transaction rolls back.
    /// </summary>
    public async ValueTask<Unit> Handle(MarkEntriesBilled command, CancellationToken cancellationToken)
    {
        var ids = command.EntryIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new EntriesNotBillableException(ids);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var marked = await db.Set<TimeEntry>()
            .Where(e => ids.Contains(e.Id) && e.InvoiceId == null && e.Billable)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.InvoiceId, command.InvoiceId).SetProperty(e => e.BilledAt, now), cancellationToken);
        if (marked != ids.Count)
        {
            await transaction.RollbackAsync(cancellationToken);
            var refused = await db.Set<TimeEntry>().AsNoTracking().Where(e => ids.Contains(e.Id) && e.InvoiceId == null && e.Billable).Select(e => e.Id).ToListAsync(cancellationToken);
            throw new EntriesNotBillableException(ids.Except(refused).ToList());
        }

        await transaction.CommitAsync(cancellationToken);
        return Unit.Value;
    }
}
