using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Time.Contracts;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Time;

/// <summary>What Billing will call: unbilled entries of a client, and marking entries billed all or nothing.</summary>
public class BillingContractsShould(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<(TimeWorld World, TimeEntry Old, TimeEntry Recent, TimeEntry Unbillable, TimeEntry Future)> ArrangeAsync(AppFactory app)
    {
        var world = await TimeWorld.CreateAsync(app);
        await world.AddRateAsync(RateLevel.Client, 100m, world.Today.AddDays(-60), client: world.Client);
        Task<TimeEntry> Log(int daysAgo, int minutes, bool billable) => world.AsAsync(sp => sp.GetRequiredService<TimeTracking>()
            .LogAsync(world.Manager.UserId, new EntryInput(world.Project, null, null, null, world.Today.AddDays(-daysAgo), TimeSpan.FromMinutes(minutes), $"{daysAgo} days ago", billable), default));
        return (world, await Log(20, 90, true), await Log(2, 30, true), await Log(10, 60, false), await Log(-3, 45, true));
    }

    [Fact]
    public async Task List_a_clients_unbilled_billable_entries_up_to_a_date_with_their_rate_snapshots()
    {
        var (world, old, recent, _, _) = await ArrangeAsync(app);

        var unbilled = await world.AsAsync(sp => sp.GetRequiredService<IMediator>().Send(new UnbilledEntriesQuery(world.Client, world.Today)).AsTask());

        Assert.Equal([old.Id, recent.Id], unbilled.Select(e => e.Id));
        Assert.Equal(100m, unbilled[0].Rate);
        Assert.Equal("EUR", unbilled[0].Currency);
        Assert.Equal(15000, unbilled[0].AmountMinor);
        Assert.Equal(90 * 60, unbilled[0].BillableSeconds);
        Assert.Empty(await world.AsAsync(sp => sp.GetRequiredService<IMediator>().Send(new UnbilledEntriesQuery(Guid.NewGuid(), world.Today)).AsTask()));
    }

    [Fact]
    public async Task Mark_entries_billed_all_or_nothing_and_lock_them()
    {
        var (world, old, recent, unbillable, future) = await ArrangeAsync(app);
        var mediator = (IServiceProvider sp) => sp.GetRequiredService<IMediator>();
        var firstInvoice = Guid.NewGuid();

        await world.AsAsync(sp => mediator(sp).Send(new MarkEntriesBilled(firstInvoice, [old.Id])).AsTask());

        var again = await Record.ExceptionAsync(() => world.AsAsync(sp => mediator(sp).Send(new MarkEntriesBilled(Guid.NewGuid(), [recent.Id, old.Id])).AsTask()));
        Assert.Equal([old.Id], Assert.IsType<EntriesNotBillableException>(again).EntryIds);
        var notBillable = await Record.ExceptionAsync(() => world.AsAsync(sp => mediator(sp).Send(new MarkEntriesBilled(Guid.NewGuid(), [future.Id, unbillable.Id])).AsTask()));
        Assert.Equal([unbillable.Id], Assert.IsType<EntriesNotBillableException>(notBillable).EntryIds);
        var unknown = await Record.ExceptionAsync(() => world.AsAsync(sp => mediator(sp).Send(new MarkEntriesBilled(Guid.NewGuid(), [recent.Id, Guid.NewGuid()])).AsTask()));
        Assert.IsType<EntriesNotBillableException>(unknown);

        var entries = (await world.EntriesAsync()).ToDictionary(e => e.Id);
        Assert.Equal(firstInvoice, entries[old.Id].InvoiceId);
        Assert.Null(entries[recent.Id].InvoiceId);
        Assert.Null(entries[future.Id].InvoiceId);

        // A billed entry is locked for everyone, the Organization Manager included.
        var edit = await Record.ExceptionAsync(() => world.AsAsync(async sp =>
        {
            var entry = await sp.GetRequiredService<AppDbContext>().Set<TimeEntry>().SingleAsync(e => e.Id == old.Id);
            await sp.GetRequiredService<TimeTracking>().EditAsync(entry, new EntryInput(world.Project, null, null, null, world.Today, TimeSpan.FromHours(1), "moved", true), default);
        }));
        Assert.Contains("billed on an invoice", Assert.IsType<ValidationFailedException>(edit).Message, StringComparison.Ordinal);
        var delete = await Record.ExceptionAsync(() => world.AsAsync(async sp =>
        {
            var entry = await sp.GetRequiredService<AppDbContext>().Set<TimeEntry>().SingleAsync(e => e.Id == old.Id);
            await sp.GetRequiredService<TimeLedger>().DeleteAsync(entry, default);
        }));
        Assert.IsType<ValidationFailedException>(delete);
        Assert.Equal(firstInvoice, (await world.EntriesAsync()).Single(e => e.Id == old.Id).InvoiceId);
    }

    [Fact]
    public async Task Undo_a_refused_marking_inside_the_callers_unit_of_work_and_roll_the_caller_back_when_it_lets_the_refusal_through()
    {
        var (world, old, recent, _, _) = await ArrangeAsync(app);
        var mediator = (IServiceProvider sp) => sp.GetRequiredService<IMediator>();
        await world.AsAsync(sp => mediator(sp).Send(new MarkEntriesBilled(Guid.NewGuid(), [old.Id])).AsTask());
        var note = $"invoice-{Guid.NewGuid():N}@billing.test";

        // A caller (an invoice run) that catches the refusal and goes on commits nothing of the marking.
        await world.AsAsync(async sp =>
        {
            await Assert.ThrowsAsync<EntriesNotBillableException>(() => mediator(sp).Send(new MarkEntriesBilled(Guid.NewGuid(), [recent.Id, old.Id])).AsTask());
        });
        Assert.Null((await world.EntriesAsync()).Single(e => e.Id == recent.Id).InvoiceId);

        // A caller that lets it through loses its own writes too: the invoice is never half issued.
        await Assert.ThrowsAsync<EntriesNotBillableException>(() => world.AsAsync(async sp =>
        {
            sp.GetRequiredService<CrmSaaS.Kernel.Email.IEmailOutbox>().Enqueue(note, "Invoice", "issued");
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            await mediator(sp).Send(new MarkEntriesBilled(Guid.NewGuid(), [recent.Id, old.Id]));
        }));
        Assert.Empty(await app.OutboxAsync(note));
        Assert.Null((await world.EntriesAsync()).Single(e => e.Id == recent.Id).InvoiceId);
    }

    [Fact]
    public async Task Refuse_an_edit_of_an_entry_that_was_billed_after_it_was_read()
    {
        var (world, _, recent, _, _) = await ArrangeAsync(app);
        var invoice = Guid.NewGuid();

        var error = await Record.ExceptionAsync(() => world.App.WithScopeAsync(async sp =>
        {
            // Read as unbilled, as an edit page or a reprice reads it …
            var entry = await sp.GetRequiredService<AppDbContext>().Set<TimeEntry>().SingleAsync(e => e.Id == recent.Id);
            Assert.Null(entry.InvoiceId);
            // … then billed by an invoice in another request before the edit is saved.
            await world.AsAsync(other => other.GetRequiredService<IMediator>().Send(new MarkEntriesBilled(invoice, [recent.Id])).AsTask());
            sp.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext
            {
                User = TestPrincipals.Member(world.Manager.UserId, world.Manager.Role, world.Team.Tenant.Id),
            };
            await sp.GetRequiredService<IUnitOfWork>().RunAsync(ct => sp.GetRequiredService<TimeLedger>().UpdateAsync(entry, e => e.Description = "changed after billing", ct));
        }, world.Team.Tenant));

        Assert.Contains("billed on an invoice", Assert.IsType<ValidationFailedException>(error).Message, StringComparison.Ordinal);
        var stored = (await world.EntriesAsync()).Single(e => e.Id == recent.Id);
        Assert.Equal(invoice, stored.InvoiceId);
        Assert.Equal("2 days ago", stored.Description);
    }

    [Fact]
    public async Task Be_refused_to_members_without_the_billing_permission()
    {
        var (world, old, _, _, _) = await ArrangeAsync(app);
        var tom = world.Team[TeamRole.TeamMember];

        var error = await Record.ExceptionAsync(() => world.AsAsync(sp => sp.GetRequiredService<IMediator>().Send(new MarkEntriesBilled(Guid.NewGuid(), [old.Id])).AsTask(), tom));

        Assert.IsType<ForbiddenException>(error);
        Assert.Null((await world.EntriesAsync()).Single(e => e.Id == old.Id).InvoiceId);
    }
}

/// <summary>The timer lives in the database: a restart of the app finds it running.</summary>
public class RunningTimerShould
{
    private sealed class RestartableApp(string directory) : AppFactory(directory, keepData: true);

    [Fact]
    public async Task Survive_a_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "crmsaas-tests", Guid.NewGuid().ToString("N"));
        TimeWorld world;
        DateTime started;
        using (var first = new RestartableApp(directory))
        {
            world = await TimeWorld.CreateAsync(first);
            await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().StartAsync(world.Manager.UserId, world.Project, null, "Across a restart", default));
            started = first.Clock.GetUtcNow().UtcDateTime;
        }

        try
        {
            using var second = new RestartableApp(directory);
            second.Clock.SetUtcNow(started.AddMinutes(40));
            var restarted = world with { App = second };
            var timer = await restarted.AsAsync(sp => sp.GetRequiredService<TimeTracking>().RunningAsync(world.Manager.UserId, default));
            Assert.Equal("Across a restart", timer?.Description);
            var entry = await restarted.AsAsync(sp => sp.GetRequiredService<TimeTracking>().StopAsync(world.Manager.UserId, default));
            Assert.Equal(40 * 60, entry!.Seconds);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
