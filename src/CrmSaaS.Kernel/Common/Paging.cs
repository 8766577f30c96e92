using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Kernel.Common;

/// <summary>One page of a server-side paged list.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, int Total)
{
    public int Pages => Math.Max(1, (Total + Size - 1) / Size);
    public bool HasPrevious => Number > 1;
    public bool HasNext => Number < Pages;
}

public static class PagingExtensions
{
    public const int MaxPageSize = 200;

    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> query, int number, int size, CancellationToken cancellationToken)
    {
        size = Math.Clamp(size, 1, MaxPageSize);
        var total = await query.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + size - 1) / size);
        number = Math.Clamp(number, 1, pages);
        var items = await query.Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
        return new Page<T>(items, number, size, total);
    }
}
