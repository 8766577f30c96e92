using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Billing;

/// <summary>
/// Payment reminders: one per invoice and level however often and however concurrently the job runs,
/// the highest level reached, the fee stated, nothing for a paid invoice, the overdue event once, and
/// the levels kept by those allowed with messages beside the fields.
/// </summary>
public sealed class RemindersShould(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(TimeWorld World, Browser Manager, Guid Invoice, string Url, string Email)> OverdueAsync(int daysLate, params (int Days, decimal? Fee)[] levels)
    {
        var (world, manager, id, url) = await BillingApp.IssuedAsync(app);
        var contact = await world.AsAsync(sp => sp.GetRequiredService<CrmSaaS.Plugins.Crm.Contracts.ICrmDirectory>().Contacts.Where(c => c.ClientId == world.Client).Select(c => new { c.Id, c.Email }).SingleAsync());
        await world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new ClientBillingContact { ClientId = world.Client, ContactId = contact.Id });
            var number = 1;
            foreach (var (days, fee) in levels)
            {
                db.Add(new DunningLevel { Level = number++, DaysAfterDue = days, Fee = fee });
            }

            await db.SaveChangesAsync();
        });
        await DueAsync(world, id, daysLate);
        return (world, manager, id, url, contact.Email!);
    }

    /// <summary>Moves the invoice's due date: the days late it is as if it had been issued earlier.</summary>
    private static Task DueAsync(TimeWorld world, Guid id, int daysLate) => world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Invoice>()
        .Where(i => i.Id == id).ExecuteUpdateAsync(u => u.SetProperty(i => i.DueDate, world.Today.AddDays(-daysLate))));

    /// <summary>The job as the scheduler runs it for one team: as its system actor, outside any unit of work.</summary>
    private Task<IReadOnlyList<ReminderOutcome>> RunAsync(TimeWorld world) => app.WithScopeAsync(async sp =>
    {
        using var actor = SystemActor.Begin(typeof(ScheduledReminders));
        return await sp.GetRequiredService<Reminders>().RunAsync(evenBeforeRunTime: false, default);
    }, world.Team.Tenant);

    private Task<List<InvoiceReminder>> SentAsync(TimeWorld world) =>
        world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<InvoiceReminder>().AsNoTracking().OrderBy(r => r.Level).ToListAsync());

    private Task<int> OverdueEventsAsync(TimeWorld world) => world.AsAsync(sp =>
        sp.GetRequiredService<AppDbContext>().Set<StoredEvent>().CountAsync(e => e.TenantId == world.Team.Tenant.Id && e.Type.EndsWith("InvoiceOverdue")));

    [Fact]
    public async Task SendEachLevelOnceHoweverManyRunsGoAtOnceAndStopWhenPaid()
    {
        var (world, manager, id, url, email) = await OverdueAsync(8, (7, null), (21, 5m));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunAsync(world))));
        await RunAsync(world);

        var first = Assert.Single(await SentAsync(world));
        Assert.Equal((1, 41650L, 0L, email), (first.Level, first.OpenMinor, first.FeeMinor, first.SentTo));
        var mail = Assert.Single(await app.OutboxAsync(email));
        var number = (await BillingApp.InvoiceAsync(world, id)).Number!;
        Assert.Equal($"Payment reminder for invoice {number} – {world.Team.Tenant.Name}", mail.Subject);
        Assert.Contains("has been open for 8 days", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal([$"invoice-{number}.pdf"], await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<CrmSaaS.Kernel.Email.OutboxAttachment>()
            .Where(a => a.MessageId == mail.Id).Select(a => a.FileName).ToListAsync()));
        Assert.Equal(1, await OverdueEventsAsync(world));
        Assert.Equal(world.Today, (await BillingApp.InvoiceAsync(world, id)).OverdueSince);

        // Three weeks late: the second level, with its fee; the overdue event is not published again.
        await DueAsync(world, id, 22);
        await RunAsync(world);
        var second = (await SentAsync(world))[1];
        Assert.Equal((2, 500L), (second.Level, second.FeeMinor));
        Assert.Contains("fee of 5.00", (await app.OutboxAsync(email))[1].TextBody.Replace(',', '.'), StringComparison.Ordinal);
        Assert.Equal(1, await OverdueEventsAsync(world));
        Assert.Contains("Level 2", await manager.GetStringAsync(url), StringComparison.Ordinal);

        // Paid: a later level is never sent.
        await world.AsAsync(async sp =>
        {
            sp.GetRequiredService<AppDbContext>().Add(new DunningLevel { Level = 3, DaysAfterDue = 40 });
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        await manager.PostFormAsync(url + "?handler=Payment", new() { ["Payment.Amount"] = "416.50", ["Payment.PaidOn"] = world.Today.ToString("yyyy-MM-dd"), ["Payment.Method"] = "BankTransfer" }, tokenFrom: url);
        await DueAsync(world, id, 50);
        await RunAsync(world);
        Assert.Equal(2, (await SentAsync(world)).Count);
        Assert.Equal(2, (await app.OutboxAsync(email)).Count);
    }

    [Fact]
    public async Task SendOnlyTheHighestLevelReachedAndWaitForTheTeamsRunTime()
    {
        var (world, manager, _, _, email) = await OverdueAsync(30, (7, null), (21, null));
        await world.AsAsync(async sp =>
        {
            // The clock stands at 10:00 in Berlin: a run time of 23:00 has not come yet today.
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new BillingProfile { LegalName = "Late Team GmbH", RunAt = new TimeOnly(23, 0) });
            await db.SaveChangesAsync();
        });

        Assert.Empty(await RunAsync(world));
        Assert.Empty(await SentAsync(world));

        var now = await manager.PostFormAsync("/billing/reminders?handler=Run", [], tokenFrom: "/billing/reminders");
        Assert.Equal(HttpStatusCode.Redirect, now.StatusCode);
        var sent = Assert.Single(await SentAsync(world));
        Assert.Equal(2, sent.Level);
        Assert.StartsWith("Reminder 2 for invoice", Assert.Single(await app.OutboxAsync(email)).Subject, StringComparison.Ordinal);
        Assert.Contains(email, await manager.GetStringAsync("/billing/reminders"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordAReminderWithoutRecipientsOnceInsteadOfRetryingIt()
    {
        var (world, _, id, _, _) = await OverdueAsync(10, (7, null));
        await world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.RemoveRange(await db.Set<ClientBillingContact>().ToListAsync());
            await db.SaveChangesAsync();
        });

        await RunAsync(world);
        await RunAsync(world);

        var sent = Assert.Single(await SentAsync(world));
        Assert.Null(sent.SentTo);
        Assert.Equal(id, sent.InvoiceId);
    }

    [Fact]
    public async Task KeepLevelsInOrderWithMessagesBesideTheFieldsForThoseAllowed()
    {
        var (world, manager, _, _, _) = await OverdueAsync(1);
        const string Page = "/billing/reminders";
        Dictionary<string, string> Level(string days, string fee = "") => new() { ["Input.DaysAfterDue"] = days, ["Input.Fee"] = fee };

        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(Page + "?handler=Add", Level("21", "5"), tokenFrom: Page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(Page + "?handler=Add", Level("7"), tokenFrom: Page)).StatusCode);
        var same = await manager.PostFormAsync(Page + "?handler=Add", Level("7"), tokenFrom: Page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, same.StatusCode);
        Assert.Contains("Another level is sent 7 days after the due date already.", await same.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var cents = await manager.PostFormAsync(Page + "?handler=Add", Level("30", "1.005"), tokenFrom: Page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, cents.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await manager.PostFormAsync(Page + "?handler=Add", Level("0"), tokenFrom: Page)).StatusCode);

        var levels = await world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<DunningLevel>().AsNoTracking().OrderBy(l => l.Level).ToListAsync());
        Assert.Equal([(1, 7, (decimal?)null), (2, 21, 5m)], levels.Select(l => (l.Level, l.DaysAfterDue, l.Fee)));

        var sales = await app.SignInAsync(world.Team, world.Team[TeamRole.SalesManager]);
        Assert.Equal(HttpStatusCode.OK, (await sales.GetAsync(Page)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.PostFormAsync(Page + "?handler=Add", Level("40"), tokenFrom: Page)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.PostFormAsync(Page + "?handler=Run", [], tokenFrom: Page)).StatusCode);
        var member = await app.SignInAsync(world.Team, world.Team[TeamRole.TeamMember]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(Page)).StatusCode);

        var delete = await manager.PostFormAsync(Page + "?handler=Delete", new() { ["levelId"] = levels[0].Id.ToString() }, tokenFrom: Page);
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        var left = await world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<DunningLevel>().AsNoTracking().SingleAsync());
        Assert.Equal((1, 21), (left.Level, left.DaysAfterDue));
    }
}
