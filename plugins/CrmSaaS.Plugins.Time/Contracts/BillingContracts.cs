using CrmSaaS.Kernel.Security;
using Mediator;

namespace CrmSaaS.Plugins.Time.Contracts;

/// <summary>One unbilled, billable entry with the rate snapshot taken when it was saved.</summary>
public sealed record UnbilledEntry(Guid Id, Guid ProjectId, Guid? TaskId, Guid UserId, DateOnly Date, string? Description,
    int Seconds, int BillableSeconds, decimal? Rate, string? Currency, long AmountMinor);

/// <summary>A client's billable entries not yet billed, dated up to and including <paramref name="UpTo"/>, oldest first.</summary>
[RequiresPermission(TimePermissions.Bill)]
public sealed record UnbilledEntriesQuery(Guid ClientId, DateOnly UpTo) : IQuery<IReadOnlyList<UnbilledEntry>>;

/// <summary>
/// Marks entries as billed on an invoice, all or none: it changes nothing and throws
/// <see cref="EntriesNotBillableException"/> when any entry is unknown, already billed or not billable.
/// </summary>
[RequiresPermission(TimePermissions.Bill)]
public sealed record MarkEntriesBilled(Guid InvoiceId, IReadOnlyCollection<Guid> EntryIds) : IRequest;

/// <summary>
/// Makes entries an invoice billed unbilled again, so they can be invoiced anew (an invoice cancelled by
/// a credit note that releases its time). Only entries billed on <paramref name="InvoiceId"/> change.
/// </summary>
/// <returns>How many entries were released.</returns>
[RequiresPermission(TimePermissions.Bill)]
public sealed record ReleaseBilledEntries(Guid InvoiceId, IReadOnlyCollection<Guid> EntryIds) : IRequest<int>;

public sealed class EntriesNotBillableException(IReadOnlyCollection<Guid> entryIds)
    : Exception($"{entryIds.Count} of the entries are unknown, already billed or not billable; nothing was marked.")
{
    public IReadOnlyCollection<Guid> EntryIds { get; } = entryIds;
}
