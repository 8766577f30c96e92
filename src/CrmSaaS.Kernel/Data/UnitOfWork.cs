using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Kernel.Data;

/// <summary>
/// One transaction per command. The mediator opens it around every command (never around a query);
/// nested commands, Coravel listeners broadcast inside it and background work started with
/// <see cref="RunAsync{T}"/> join the open one. Handlers never begin, commit or roll back themselves.
/// </summary>
public interface IUnitOfWork
{
    /// <summary>Whether a unit of work is open in this async flow.</summary>
    bool IsOpen { get; }

    /// <summary>
    /// Registers what may happen only once the change is saved (a live update, a nudge to a
    /// dispatcher). It runs after the commit, in registration order, and never after a rollback;
    /// a failure is logged, because the change itself stands. Emails do not need it: the outbox is
    /// written in the transaction.
    /// </summary>
    void AfterCommit(Func<CancellationToken, Task> action);

    /// <summary>Throws unless a unit of work is open: for writes that must share one with others (totals beside their entries, say).</summary>
    void EnsureOpen(string what);

    /// <summary>
    /// Runs <paramref name="work"/> in the open unit of work, or opens one: committed when the work
    /// returns (after saving what it left unsaved), rolled back when it throws.
    /// </summary>
    Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default);
}

public sealed class UnitOfWork(AppDbContext db, ILogger<UnitOfWork> log) : IUnitOfWork
{
    public bool IsOpen => AmbientTransaction.Current is not null;

    public void AfterCommit(Func<CancellationToken, Task> action) =>
        (AmbientTransaction.Current ?? throw new InvalidOperationException("After-commit work can only be registered inside a unit of work."))
        .AfterCommit(action);

    public void EnsureOpen(string what)
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException($"{what} must run inside a unit of work (a mediator command or IUnitOfWork.RunAsync).");
        }
    }

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (IsOpen)
        {
            return await work(cancellationToken);
        }

        T result;
        IReadOnlyList<Func<CancellationToken, Task>> afterCommit;
        // The connection is opened here, awaited: the transaction begins synchronously (see
        // AmbientTransaction.Begin), and a synchronous open that waits for a pooled connection would
        // block a thread-pool thread meanwhile — with every connection busy, enough such waits leave
        // the units that hold the connections no thread to finish on.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = AmbientTransaction.Begin(db);
            try
            {
                result = await work(cancellationToken);
                // Whatever was queued after the handler's last save (an email, an event) is saved with it.
                if (db.ChangeTracker.HasChanges())
                {
                    await db.SaveChangesAsync(cancellationToken);
                }

                afterCommit = await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                // Tracked entities may hold values the rollback undid; a re-rendered page reads afresh.
                db.ChangeTracker.Clear();
                throw;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        foreach (var action in afterCommit)
        {
            try
            {
                await action(CancellationToken.None);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Work registered to follow a commit failed; the committed change stands");
            }
        }

        return result;
    }
}

public static class UnitOfWorkExtensions
{
    public static Task RunAsync(this IUnitOfWork unitOfWork, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            await work(ct);
            return true;
        }, cancellationToken);
}

/// <summary>Wraps every command (any message that is not an <see cref="IBaseQuery"/>) in the unit of work.</summary>
public sealed class UnitOfWorkBehavior<TMessage, TResponse>(IUnitOfWork unitOfWork) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly bool IsQuery = typeof(IBaseQuery).IsAssignableFrom(typeof(TMessage));

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken) =>
        IsQuery
            ? next(message, cancellationToken)
            : new ValueTask<TResponse>(unitOfWork.RunAsync(ct => next(message, ct).AsTask(), cancellationToken));
}
