using Coravel;
using Coravel.Events.Interfaces;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Tests.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ClientsIndex = CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Clients.IndexModel;
using ClientsDetails = CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Clients.DetailsModel;

namespace CrmSaaS.Tests.Kernel;

/// <summary>One transaction per command: everything it writes, in any scope, commits together or not at all.</summary>
public class UnitOfWorkShould(UnitOfWorkShould.ListeningApp app) : IClassFixture<UnitOfWorkShould.ListeningApp>
{
    public sealed record Written(string To) : IEvent;

    /// <summary>Writes through its own scope and context, as Coravel runs every listener.</summary>
    public sealed class WritingListener(IEmailOutbox outbox, AppDbContext db) : IListener<Written>
    {
        public async Task HandleAsync(Written broadcasted)
        {
            outbox.Enqueue(broadcasted.To, "From a listener", "body");
            await db.SaveChangesAsync();
        }
    }

    public sealed class ListeningApp : AppFactory
    {
        private bool _subscribed;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddTransient<WritingListener>());
        }

        public void Subscribe()
        {
            lock (this)
            {
                if (!_subscribed)
                {
                    Services.ConfigureEvents().Register<Written>().Subscribe<WritingListener>();
                    _subscribed = true;
                }
            }
        }
    }

    private static string Address(string what) => $"{what}-{Guid.NewGuid():N}@uow.test";

    private Task<int> CountAsync(params string[] to) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Outbox.CountAsync(m => to.Contains(m.To)));

    private sealed class Boom() : Exception("boom");

    [Fact]
    public async Task CommitWhatTheWorkSavedAndWhatItLeftUnsavedThenRunAfterCommitWork()
    {
        var saved = Address("saved");
        var unsaved = Address("unsaved");
        var seenAfterCommit = -1;

        await app.WithScopeAsync(sp => sp.GetRequiredService<IUnitOfWork>().RunAsync(async ct =>
        {
            var outbox = sp.GetRequiredService<IEmailOutbox>();
            outbox.Enqueue(saved, "s", "b");
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync(ct);
            outbox.Enqueue(unsaved, "s", "b");
            // Another connection sees nothing before the commit, and both rows once it is done.
            sp.GetRequiredService<IUnitOfWork>().AfterCommit(async _ => seenAfterCommit = await CountAsync(saved, unsaved));
        }));

        Assert.Equal(2, seenAfterCommit);
    }

    [Fact]
    public async Task RollBackEverythingAndSkipAfterCommitWorkWhenTheWorkThrows()
    {
        var to = Address("rolled-back");
        var afterCommitRan = false;

        await Assert.ThrowsAsync<Boom>(() => app.WithScopeAsync(sp => sp.GetRequiredService<IUnitOfWork>().RunAsync(async ct =>
        {
            sp.GetRequiredService<IEmailOutbox>().Enqueue(to, "s", "b");
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync(ct);
            sp.GetRequiredService<IUnitOfWork>().AfterCommit(_ =>
            {
                afterCommitRan = true;
                return Task.CompletedTask;
            });
            throw new Boom();
        })));

        Assert.Equal(0, await CountAsync(to));
        Assert.False(afterCommitRan);
    }

    [Fact]
    public async Task LetNestedWorkAndCoravelListenersJoinTheOpenTransaction()
    {
        app.Subscribe();
        var outer = Address("outer");
        var nested = Address("nested");
        var listener = Address("listener");

        async Task WriteAllAsync(IServiceProvider sp, bool fail)
        {
            var unitOfWork = sp.GetRequiredService<IUnitOfWork>();
            await unitOfWork.RunAsync(async ct =>
            {
                sp.GetRequiredService<IEmailOutbox>().Enqueue(outer, "s", "b");
                await unitOfWork.RunAsync(async inner =>
                {
                    Assert.True(unitOfWork.IsOpen);
                    sp.GetRequiredService<IEmailOutbox>().Enqueue(nested, "s", "b");
                    await sp.GetRequiredService<AppDbContext>().SaveChangesAsync(inner);
                }, ct);
                await sp.GetRequiredService<IDispatcher>().Broadcast(new Written(listener));
                if (fail)
                {
                    throw new Boom();
                }
            });
        }

        await Assert.ThrowsAsync<Boom>(() => app.WithScopeAsync(sp => WriteAllAsync(sp, fail: true)));
        Assert.Equal(0, await CountAsync(outer, nested, listener));

        await app.WithScopeAsync(sp => WriteAllAsync(sp, fail: false));
        Assert.Equal(3, await CountAsync(outer, nested, listener));
    }

    [Fact]
    public async Task OpenATransactionAroundCommandsAndNoneAroundQueries()
    {
        await app.WithScopeAsync(async sp =>
        {
            var unitOfWork = sp.GetRequiredService<IUnitOfWork>();
            bool? openInQuery = null, openInCommand = null;

            await new UnitOfWorkBehavior<ClientsIndex.Query, Page<ClientsIndex.Row>>(unitOfWork).Handle(new ClientsIndex.Query(), (_, _) =>
            {
                openInQuery = unitOfWork.IsOpen;
                return ValueTask.FromResult(new Page<ClientsIndex.Row>([], 0, 1, 25));
            }, default);
            await new UnitOfWorkBehavior<ClientsDetails.Delete, string>(unitOfWork).Handle(new ClientsDetails.Delete(Guid.NewGuid()), (_, _) =>
            {
                openInCommand = unitOfWork.IsOpen;
                return ValueTask.FromResult("");
            }, default);

            Assert.False(openInQuery);
            Assert.True(openInCommand);
        });
    }

    [Fact]
    public void RunTheUnitOfWorkInsideThePermissionCheckForEveryMessage()
    {
        using var scope = app.Services.CreateScope();
        var behaviors = scope.ServiceProvider.GetServices<IPipelineBehavior<ClientsDetails.Delete, string>>().Select(b => b.GetType().GetGenericTypeDefinition()).ToList();

        Assert.Equal([typeof(CrmSaaS.Kernel.Security.PermissionBehavior<,>), typeof(UnitOfWorkBehavior<,>)], behaviors);
    }
}
