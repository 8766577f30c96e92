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

/// <summary>
/// What the team's tracked time cost in one month on one client's project: every entry's hours (billable
/// or not) at its member's cost rate, in the team's currency. Hours of members without a cost rate are
/// counted in <paramref name="UncostedSeconds"/> and cost nothing.
/// </summary>
public sealed record TimeCost(Guid ClientId, Guid ProjectId, int Year, int Month, long Seconds, long CostMinor, long UncostedSeconds);

/// <summary>The cost of the time tracked from <paramref name="From"/> to <paramref name="To"/> (inclusive), per client, project and month.</summary>
[RequiresPermission(TimePermissions.Rates)]
public sealed record TimeCostsQuery(DateOnly From, DateOnly To) : IQuery<IReadOnlyList<TimeCost>>;
