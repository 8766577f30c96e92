using System.Net;
using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Crm;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Kernel;

/// <summary>
/// Durable integration events: written with their change, delivered after the commit to each handler
/// once, as the handler's system actor, retried, and set aside for the Superadmin when they keep failing.
/// </summary>
public class IntegrationEventsShould(IntegrationEventsShould.EventsApp app) : IClassFixture<IntegrationEventsShould.EventsApp>
{
    public const string WelcomeSubject = "Welcomed by the durable handler";

    /// <summary>Stands in for a later plugin's setup for new clients: writes a note on the client.</summary>
    [ActsAs("welcome new clients", CrmPermissions.Read)]
    public sealed class WelcomeHandler(AppDbContext db, ICurrentUser user, ITenantContext tenant, TimeProvider clock, Probe probe) : IIntegrationEventHandler<ClientCreated>
    {
        public async Task HandleAsync(ClientCreated integrationEvent, CancellationToken cancellationToken)
        {
            probe.Record(integrationEvent.ClientId, user.DisplayName, tenant.Tenant?.Id, user.Has(CrmPermissions.Read), user.Has(CrmPermissions.ClientsCreate));
            var now = clock.GetUtcNow().UtcDateTime;
            db.Add(new Activity { Type = ActivityType.Note, Subject = WelcomeSubject, ClientId = integrationEvent.ClientId, AuthorId = integrationEvent.CreatedBy, OccurredAt = now, CreatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Fails for clients whose name asks for it, after writing something that must not stay.</summary>
    [ActsAs("fragile follow-up")]
    public sealed class FragileHandler(AppDbContext db, TimeProvider clock) : IIntegrationEventHandler<ClientCreated>
    {
        public async Task HandleAsync(ClientCreated integrationEvent, CancellationToken cancellationToken)
        {
            var name = await db.Set<Client>().Where(c => c.Id == integrationEvent.ClientId).Select(c => c.Name).SingleAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            db.Add(new Activity { Type = ActivityType.Note, Subject = "Half done", ClientId = integrationEvent.ClientId, AuthorId = integrationEvent.CreatedBy, OccurredAt = now, CreatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
            if (name.Contains("Fragile", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The follow-up service is down");
            }
        }
    }

    public sealed class Probe
    {
        private readonly List<(Guid Client, string? Actor, Guid? Tenant, bool MayRead, bool MayCreate)> _calls = [];

        public void Record(Guid client, string? actor, Guid? tenant, bool mayRead, bool mayCreate)
        {
            lock (_calls)
            {
                _calls.Add((client, actor, tenant, mayRead, mayCreate));
            }
        }

        public List<(Guid Client, string? Actor, Guid? Tenant, bool MayRead, bool MayCreate)> For(Guid client)
        {
            lock (_calls)
            {
                return _calls.Where(c => c.Client == client).ToList();
            }
        }
    }

    public sealed class EventsApp : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<Probe>();
                services.AddIntegrationEventHandler<ClientCreated, WelcomeHandler>();
                services.AddIntegrationEventHandler<ClientCreated, FragileHandler>();
            });
        }

        public IntegrationEventDispatcher Dispatcher => Services.GetRequiredService<IntegrationEventDispatcher>();
    }

    private async Task<(TestTeam Team, Browser Manager)> TeamAsync()
    {
        var team = await CrmApp.TeamAsync(app);
        return (team, await app.SignInAsync(team, team[TeamRole.OrganizationManager]));
    }

    private Task<List<EventDelivery>> DeliveriesAsync(Guid client) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var events = await db.Set<StoredEvent>().AsNoTracking().Where(e => e.Payload.Contains(client.ToString())).Select(e => e.Id).ToListAsync();
        return await db.Set<EventDelivery>().AsNoTracking().Where(d => events.Contains(d.EventId)).OrderBy(d => d.Handler).ToListAsync();
    });

    private Task<List<string>> NotesAsync(TestTeam team, Guid client) => app.WithScopeAsync(async sp =>
        await sp.GetRequiredService<AppDbContext>().Set<Activity>().Where(a => a.ClientId == client && a.Type == ActivityType.Note).Select(a => a.Subject).ToListAsync(), team.Tenant);

    [Fact]
    public async Task BeWrittenWithTheClientAndDeliveredToEachHandlerOnceAsItsSystemActor()
    {
        var (team, manager) = await TeamAsync();
        var client = await CrmApp.CreateClientAsync(manager, "Steady Client", team[TeamRole.OrganizationManager].UserId);

        var pending = await DeliveriesAsync(client);
        Assert.Equal(2, pending.Count);
        Assert.All(pending, d => Assert.Equal(DeliveryStatus.Pending, d.Status));
        Assert.All(pending, d => Assert.Equal(team.Tenant.Id, d.TenantId));

        await app.Dispatcher.DispatchDueAsync();
        await app.Dispatcher.DispatchDueAsync();

        Assert.All(await DeliveriesAsync(client), d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
        var call = Assert.Single(app.Services.GetRequiredService<Probe>().For(client));
        Assert.Equal(("system: welcome new clients", team.Tenant.Id, true, false), (call.Actor, call.Tenant, call.MayRead, call.MayCreate));
        Assert.Equal(1, (await NotesAsync(team, client)).Count(n => n == WelcomeSubject));
        var audited = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditEntries
            .Where(a => a.EntityType == nameof(Activity) && a.Action == AuditAction.Created && a.Changes!.Contains(WelcomeSubject)).Select(a => a.UserName).ToListAsync(), team.Tenant);
        Assert.Equal(["system: welcome new clients"], audited);
    }

    [Fact]
    public async Task DeliverOnceWhenTwoDispatchersReachTheSameEventTogether()
    {
        var (team, manager) = await TeamAsync();
        var client = await CrmApp.CreateClientAsync(manager, "Contested Client", team[TeamRole.OrganizationManager].UserId);
        var second = ActivatorUtilities.CreateInstance<IntegrationEventDispatcher>(app.Services);

        await Task.WhenAll(Task.Run(() => app.Dispatcher.DispatchDueAsync()), Task.Run(() => second.DispatchDueAsync()));

        Assert.All(await DeliveriesAsync(client), d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
        Assert.Equal(1, (await NotesAsync(team, client)).Count(n => n == WelcomeSubject));
        Assert.Equal(1, (await NotesAsync(team, client)).Count(n => n == "Half done"));
    }

    [Fact]
    public async Task WriteNoEventWhenTheCreatingUnitOfWorkRollsBack()
    {
        var (team, manager) = await TeamAsync();
        var form = CrmApp.ClientForm("Never Saved", team[TeamRole.OrganizationManager].UserId);
        form["Onboarding[Projects.CreateProject]"] = "true";
        form["Onboarding[Projects.ProjectName]"] = new string('x', 300);

        var response = await manager.PostFormAsync("/crm/clients/new", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var events = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<StoredEvent>().CountAsync(e => e.TenantId == team.Tenant.Id));
        Assert.Equal(0, events);
    }

    [Fact]
    public async Task RetryAFailingHandlerWithBackoffThenSetItAsideForTheSuperadminWhoCanRetryIt()
    {
        var (team, manager) = await TeamAsync();
        var client = await CrmApp.CreateClientAsync(manager, "Fragile Client", team[TeamRole.OrganizationManager].UserId);

        for (var attempt = 1; attempt <= IntegrationEventDispatcher.MaxAttempts; attempt++)
        {
            await app.Dispatcher.DispatchDueAsync();
            var fragile = (await DeliveriesAsync(client)).Single(d => d.Handler.EndsWith(nameof(FragileHandler), StringComparison.Ordinal));
            Assert.Equal(attempt, fragile.Attempts);
            Assert.Contains("The follow-up service is down", fragile.LastError);
            Assert.Equal(attempt < IntegrationEventDispatcher.MaxAttempts ? DeliveryStatus.Pending : DeliveryStatus.DeadLettered, fragile.Status);
            app.Clock.Advance(IntegrationEventDispatcher.Backoff(attempt));
        }

        // The other handler of the same event went through; the failing one's writes never stayed.
        var notes = await NotesAsync(team, client);
        Assert.Contains(WelcomeSubject, notes);
        Assert.DoesNotContain("Half done", notes);

        var root = app.Root();
        Assert.Equal(HttpStatusCode.Redirect, (await root.PostFormAsync("/admin/signin", new() { ["Input.Email"] = AppFactory.SuperadminEmail, ["Input.Password"] = AppFactory.Password })).StatusCode);
        var page = await root.GetStringAsync("/admin/operations");
        Assert.Contains(nameof(FragileHandler), page, StringComparison.Ordinal);
        Assert.Contains("The follow-up service is down", page, StringComparison.Ordinal);
        var dead = (await DeliveriesAsync(client)).Single(d => d.Status == DeliveryStatus.DeadLettered);

        var retry = await root.PostFormAsync("/admin/operations?handler=RetryEvent", new() { ["id"] = dead.Id.ToString() }, tokenFrom: "/admin/operations");

        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        var queued = (await DeliveriesAsync(client)).Single(d => d.Id == dead.Id);
        Assert.Equal((DeliveryStatus.Pending, 0), (queued.Status, queued.Attempts));
        // Members of a team never see the operations page.
        Assert.NotEqual(HttpStatusCode.OK, (await manager.GetAsync("/admin/operations")).StatusCode);
    }
}
