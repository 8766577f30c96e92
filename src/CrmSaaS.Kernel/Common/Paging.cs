using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Kernel.Common;

/// <summary>What a pager needs of a page, whatever the rows are.</summary>
public interface IPageInfo
{
    int Number { get; }
    int Pages { get; }
    /// <summary>The rows in all; when not <see cref="TotalIsExact"/>, at least this many.</summary>
    int Total { get; }
    bool TotalIsExact { get; }
    bool HasPrevious { get; }
    bool HasNext { get; }
}

/// <summary>One page of a server-side paged list.</summary>
/// <param name="TotalIsExact">False when the list was counted only up to <see cref="PagingExtensions.CountLimit"/> (or just past the page asked for): there are more rows than <paramref name="Total"/>.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, int Total, bool TotalIsExact = true) : IPageInfo
{
    public int Pages => Math.Max(1, (Total + Size - 1) / Size);
    public bool HasPrevious => Number > 1;
    public bool HasNext => Number < Pages || !TotalIsExact;
}

public static class PagingExtensions
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// A list is counted up to this many rows (or one past the page asked for, if further): a pager needs
    /// to know whether there is a next page, not whether a team has 100,000 or 100,001 contacts (it reads "more than 1,000"), and
    /// counting every row of a big team's list cost more than the page itself.
    /// </summary>
    public const int CountLimit = 1_000;

    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> query, int number, int size, CancellationToken cancellationToken, int countLimit = CountLimit)
    {
        size = Math.Clamp(size, 1, MaxPageSize);
        number = Math.Max(1, number);
        var limit = (int)Math.Min(int.MaxValue - 1L, Math.Max(countLimit, (long)number * size)) + 1;
        // Counted without the list's order: the number is the same, and the database need not sort every row first.
        var counted = await Unordered(query).Take(limit).CountAsync(cancellationToken);
        var exact = counted < limit;
        var total = exact ? counted : limit - 1;
        var pages = Math.Max(1, (total + size - 1) / size);
        number = Math.Min(number, pages);
        var items = await query.Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
        return new Page<T>(items, number, size, total, exact);
    }

    /// <summary>The query without the ordering along its chain of operators (lambdas inside are left alone).</summary>
    private static IQueryable<T> Unordered<T>(IQueryable<T> query) => query.Provider.CreateQuery<T>(WithoutOrdering(query.Expression));

    private static Expression WithoutOrdering(Expression expression)
    {
        if (expression is not MethodCallExpression { Method.DeclaringType: var type } call || type != typeof(Queryable) || call.Arguments.Count == 0)
        {
            return expression;
        }

        var source = WithoutOrdering(call.Arguments[0]);
        if (call.Method.Name is nameof(Queryable.OrderBy) or nameof(Queryable.OrderByDescending) or nameof(Queryable.ThenBy) or nameof(Queryable.ThenByDescending))
        {
            return source;
        }

        return source == call.Arguments[0] ? call : call.Update(call.Object, [source, .. call.Arguments.Skip(1)]);
    }
}
