using System.Net;
using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Time.Contracts;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Time;

public class RatesPageShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Add_rates_from_a_date_and_reprice_only_unbilled_entries_from_a_date_on_purpose()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var early = world.Today.AddDays(-20);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/time/rates", new()
        {
            ["Input.Level"] = "Client", ["Input.ClientId"] = world.Client.ToString(), ["Input.Amount"] = "100", ["Input.EffectiveFrom"] = early.AddDays(-10).ToString("yyyy-MM-dd"),
        })).StatusCode);
        Task<TimeEntry> Log(DateOnly day) => world.AsAsync(sp => sp.GetRequiredService<TimeTracking>()
            .LogAsync(world.Manager.UserId, new EntryInput(world.Project, null, null, null, day, TimeSpan.FromHours(1), null, true), default));
        var old = await Log(early);
        var billed = await Log(world.Today.AddDays(-2));
        var recent = await Log(world.Today.AddDays(-1));
        await world.AsAsync(sp => sp.GetRequiredService<IMediator>().Send(new MarkEntriesBilled(Guid.NewGuid(), [billed.Id])).AsTask());

        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/time/rates", new()
        {
            ["Input.Level"] = "Client", ["Input.ClientId"] = world.Client.ToString(), ["Input.Amount"] = "130", ["Input.EffectiveFrom"] = world.Today.AddDays(-5).ToString("yyyy-MM-dd"),
        })).StatusCode);
        var untouched = (await world.EntriesAsync()).ToDictionary(e => e.Id);
        Assert.Equal(100m, untouched[recent.Id].RateAmount);

        var repriced = await manager.PostFormAsync("/time/rates?handler=Reprice", new() { ["from"] = world.Today.AddDays(-5).ToString("yyyy-MM-dd") }, "/time/rates");
        Assert.Equal(HttpStatusCode.Redirect, repriced.StatusCode);
        var after = (await world.EntriesAsync()).ToDictionary(e => e.Id);
        Assert.Equal(130m, after[recent.Id].RateAmount);
        Assert.Equal(13000, after[recent.Id].AmountMinor);
        Assert.Equal(100m, after[old.Id].RateAmount);
        Assert.Equal(100m, after[billed.Id].RateAmount);
        var audited = await world.AsAsync(async sp => await sp.GetRequiredService<AppDbContext>().Set<AuditEntry>().CountAsync(a => a.EntityId == recent.Id.ToString() && a.EntityType == nameof(TimeEntry)));
        Assert.True(audited >= 2, "the repricing is in the audit log beside the creation");
    }

    [Fact]
    public async Task Keep_rates_from_members_without_the_permission_and_refuse_bad_input()
    {
        var world = await TimeWorld.CreateAsync(app);
        var manager = await app.SignInAsync(world.Team, world.Manager);
        var bad = await manager.PostFormAsync("/time/rates", new() { ["Input.Level"] = "Client", ["Input.Amount"] = "100", ["Input.EffectiveFrom"] = "2026-11-01" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Choose the client.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var tom = await app.SignInAsync(world.Team, world.Team[TeamRole.TeamMember]);
        Assert.Equal(HttpStatusCode.Forbidden, (await tom.GetAsync("/time/rates")).StatusCode);
        var sam = await app.SignInAsync(world.Team, world.Team[TeamRole.SalesManager]);
        Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync("/time/rates")).StatusCode);
        var samAdds = await sam.PostFormAsync("/time/rates", new() { ["Input.Level"] = "TeamDefault", ["Input.Amount"] = "100", ["Input.EffectiveFrom"] = "2026-11-01" });
        Assert.Equal(HttpStatusCode.Forbidden, samAdds.StatusCode);
    }
}
