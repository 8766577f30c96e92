using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Billing;

/// <summary>Drafts bill nothing; issuing takes a number, bills the time and freezes the totals, once.</summary>
public class InvoicingShould(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<(TimeWorld World, List<TimeEntry> Entries)> ArrangeAsync(AppFactory app)
    {
        var world = await TimeWorld.CreateAsync(app);
        await world.AddRateAsync(RateLevel.Client, 95m, world.Today.AddDays(-60), client: world.Client);
        var entries = new List<TimeEntry>();
        foreach (var (daysAgo, minutes) in new[] { (12, 90), (9, 45), (5, 20), (2, 135) })
        {
            entries.Add(await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
                new EntryInput(world.Project, null, null, null, world.Today.AddDays(-daysAgo), TimeSpan.FromMinutes(minutes), $"Work {daysAgo}", true), default)));
        }

        return (world, entries);
    }

    private static Task<Invoice?> DraftAsync(TimeWorld world, DateOnly upTo, LineGrouping grouping = LineGrouping.Project) => world.AsAsync(sp =>
        sp.GetRequiredService<InvoiceDrafting>().DraftFromTimeAsync(world.Client, upTo, grouping, VatTreatment.GermanStandard, 14, default));

    private static Task<string> IssueAsync(TimeWorld world, Guid invoice) => world.AsAsync(sp =>
        sp.GetRequiredService<InvoiceIssuing>().IssueAsync(invoice, world.Today, default));

    [Fact]
    public async Task DraftOneLinePerProjectThatListsItsEntriesAndBillsNothing()
    {
        var (world, entries) = await ArrangeAsync(app);

        var draft = await DraftAsync(world, world.Today.AddDays(-3));

        Assert.NotNull(draft);
        var line = Assert.Single(draft.Lines);
        Assert.Equal(entries.Take(3).Select(e => e.Id).Order(), line.Entries.Select(e => e.TimeEntryId).Order());
        Assert.Equal(2.58m, line.Quantity); // 155 minutes
        Assert.Equal(entries.Take(3).Sum(e => e.AmountMinor), line.NetMinor);
        Assert.Equal((line.NetMinor, (long)Math.Round(line.NetMinor * 0.19m, MidpointRounding.AwayFromZero)), (draft.NetMinor, draft.VatMinor));
        Assert.Null(draft.Number);
        Assert.All(await world.EntriesAsync(), e => Assert.Null(e.InvoiceId));

        // The entries on the draft are taken: a second draft gets only the rest.
        var second = await DraftAsync(world, world.Today);
        Assert.Equal([entries[3].Id], Assert.Single(second!.Lines).Entries.Select(e => e.TimeEntryId));
        Assert.Null(await DraftAsync(world, world.Today));
    }

    [Fact]
    public async Task IssueOnceWithTheNextNumberAndBillItsTime()
    {
        var (world, entries) = await ArrangeAsync(app);
        var draft = await DraftAsync(world, world.Today, LineGrouping.Day);
        Assert.Equal(4, draft!.Lines.Count);

        var clicks = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            try
            {
                return await IssueAsync(world, draft.Id);
            }
            catch (ValidationFailedException)
            {
                return null;
            }
        })));

        Assert.Equal(["2026-00001"], clicks.Where(n => n is not null));
        var issued = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Invoice>().AsNoTracking().SingleAsync(i => i.Id == draft.Id));
        Assert.Equal((InvoiceStatus.Issued, world.Today, world.Today.AddDays(14)), (issued.Status, issued.IssueDate!.Value, issued.DueDate!.Value));
        Assert.All(await world.EntriesAsync(), e => Assert.Equal(draft.Id, e.InvoiceId));
        Assert.Equal(entries.Sum(e => e.AmountMinor), issued.NetMinor);
    }

    [Fact]
    public async Task RefuseToIssueADraftWhoseTimeWasBilledElsewhereAndUndoEverything()
    {
        var (world, entries) = await ArrangeAsync(app);
        var draft = await DraftAsync(world, world.Today);
        await world.AsAsync(sp => sp.GetRequiredService<Mediator.IMediator>().Send(new CrmSaaS.Plugins.Time.Contracts.MarkEntriesBilled(Guid.NewGuid(), [entries[1].Id])).AsTask());

        var refused = await Record.ExceptionAsync(() => IssueAsync(world, draft!.Id));

        Assert.IsType<ValidationFailedException>(refused);
        var stored = await world.AsAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Invoice>().AsNoTracking().SingleAsync(i => i.Id == draft!.Id));
        Assert.Equal((InvoiceStatus.Draft, (string?)null), (stored.Status, stored.Number));
        Assert.Equal(1, (await world.EntriesAsync()).Count(e => e.InvoiceId is not null));

        // The number was not used up: the next issue gets 00001.
        var other = await world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var invoice = new Invoice { ClientId = world.Client, Currency = "EUR", PeriodTo = world.Today, CreatedBy = world.Manager.UserId, CreatedAt = world.Now };
            invoice.Lines.Add(new InvoiceLine { InvoiceId = invoice.Id, Position = 1, Kind = LineKind.Fee, Description = "Set-up fee", Quantity = 1, UnitPrice = 250m, NetMinor = 25000, VatCategory = "S", VatRate = 19m });
            db.Add(invoice);
            await db.SaveChangesAsync();
            return invoice.Id;
        });
        Assert.Equal("2026-00001", await IssueAsync(world, other));
    }

    [Fact]
    public async Task KeepATimeEntryOnOneInvoiceLineAtMostByTheDatabase()
    {
        var (world, entries) = await ArrangeAsync(app);
        var draft = await DraftAsync(world, world.Today);

        var duplicate = await Record.ExceptionAsync(() => world.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new InvoiceLineEntry { InvoiceId = Guid.NewGuid(), InvoiceLineId = draft!.Lines[0].Id, TimeEntryId = entries[0].Id, Date = world.Today, UserId = world.Manager.UserId });
            await db.SaveChangesAsync();
        }));

        Assert.IsType<DbUpdateException>(duplicate);
    }
}
