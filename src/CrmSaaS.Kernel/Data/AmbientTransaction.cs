using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrmSaaS.Kernel.Data;

/// <summary>
/// The database transaction of the open unit of work, shared by every AppDbContext created while it
/// is open in this async flow, including the new DI scopes Coravel opens for each event listener.
/// It also holds what must happen only once the transaction has committed. Only
/// <see cref="UnitOfWork"/> opens one.
/// </summary>
public sealed class AmbientTransaction : IAsyncDisposable
{
    private static readonly AsyncLocal<AmbientTransaction?> CurrentHolder = new();

    private readonly IDbContextTransaction _transaction;
    private readonly AmbientTransaction? _previous;
    private readonly List<Func<CancellationToken, Task>> _afterCommit = [];
    private bool _completed;

    private AmbientTransaction(IDbContextTransaction transaction, AmbientTransaction? previous)
    {
        _transaction = transaction;
        _previous = previous;
        Connection = transaction.GetDbTransaction().Connection!;
    }

    public static AmbientTransaction? Current => CurrentHolder.Value;

    public DbConnection Connection { get; }

    public DbTransaction Transaction => _transaction.GetDbTransaction();

    /// <summary>
    /// Opens the transaction on <paramref name="db"/>'s connection and makes it ambient for the rest
    /// of the caller's async flow. Synchronous on purpose: an AsyncLocal set inside an async method
    /// would be undone when it returns, so the value is set here, in the caller's context.
    /// </summary>
    internal static AmbientTransaction Begin(AppDbContext db)
    {
        if (Current is not null)
        {
            throw new InvalidOperationException("A unit of work is already open.");
        }

        var transaction = db.Database.BeginTransaction();
        var ambient = new AmbientTransaction(transaction, Current);
        CurrentHolder.Value = ambient;
        return ambient;
    }

    internal void AfterCommit(Func<CancellationToken, Task> action)
    {
        lock (_afterCommit)
        {
            _afterCommit.Add(action);
        }
    }

    internal async Task<IReadOnlyList<Func<CancellationToken, Task>>> CommitAsync(CancellationToken cancellationToken)
    {
        await _transaction.CommitAsync(cancellationToken);
        _completed = true;
        lock (_afterCommit)
        {
            return [.. _afterCommit];
        }
    }

    /// <summary>Rolls back unless committed. Clears the ambient value synchronously, in the caller's context.</summary>
    public ValueTask DisposeAsync()
    {
        CurrentHolder.Value = _previous;
        return EndAsync();
    }

    private async ValueTask EndAsync()
    {
        if (!_completed)
        {
            await _transaction.RollbackAsync();
        }

        await _transaction.DisposeAsync();
    }
}
