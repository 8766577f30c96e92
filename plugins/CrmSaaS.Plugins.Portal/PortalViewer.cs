using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Live;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Portal.Domain;
using CrmSaaS.Plugins.Projects.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Portal;

/// <summary>
/// What the signed-in client contact may see in the portal: the contacts they are (by a project
/// invitation or portal access they accepted), so the clients they speak for; the projects they were
/// invited to (of their own client); of their clients those whose invoices they see (as one of its
/// billing contacts) and those whose people they manage (as a client admin). Read once per request;
/// every portal page and download narrows its queries to these, so anything else is "not found".
/// </summary>
public sealed class PortalViewer(IProjectAccess projects, IMediator mediator, GuestContacts guests, ICrmDirectory crm, AppDbContext db)
{
    private Sight? _sight;

    public async Task<Sight> SightAsync(CancellationToken cancellationToken)
    {
        if (_sight is not null)
        {
            return _sight;
        }

        var contacts = (await guests.MineAsync(cancellationToken)).ToList();
        if (contacts.Count == 0)
        {
            return _sight = new Sight([], [], new HashSet<Guid>(), [], []);
        }

        var visible = await projects.VisibleProjects().Select(p => new { p.Id, p.ClientId }).ToListAsync(cancellationToken);
        var clients = (await crm.Contacts.Where(c => contacts.Contains(c.Id) && c.ClientId != null).Select(c => c.ClientId!.Value).ToListAsync(cancellationToken))
            .Union(visible.Select(p => p.ClientId)).Distinct().ToList();
        var billing = clients.Count == 0 ? [] : (await mediator.Send(new MyBillingClientsQuery(), cancellationToken)).Intersect(clients).ToList();
        var admin = await db.Set<PortalAccess>().AsNoTracking()
            // The user is these contacts by an accepted grant (this access or a project invitation), so an admin flag given while an invitation was pending counts too.
            .Where(a => contacts.Contains(a.ContactId) && a.IsClientAdmin && a.RevokedAt == null).Select(a => a.ClientId).ToListAsync(cancellationToken);
        return _sight = new Sight(contacts, clients, visible.Select(p => p.Id).ToHashSet(), billing, admin.Intersect(clients).ToList());
    }

    /// <param name="Contacts">The client contacts the signed-in user is.</param>
    /// <param name="Clients">The clients the contact speaks for (their projects, as far as they follow them).</param>
    /// <param name="Projects">The projects the contact follows.</param>
    /// <param name="BillingClients">The clients whose invoices the contact sees and pays.</param>
    /// <param name="AdminClients">The clients whose contacts' portal access the contact manages.</param>
    public sealed record Sight(IReadOnlyList<Guid> Contacts, IReadOnlyList<Guid> Clients, IReadOnlySet<Guid> Projects, IReadOnlyList<Guid> BillingClients,
        IReadOnlyList<Guid> AdminClients)
    {
        public bool SeesNothing => Projects.Count == 0 && BillingClients.Count == 0 && AdminClients.Count == 0;

        public bool SeesInvoices => BillingClients.Count > 0;

        public bool IsClientAdmin => AdminClients.Count > 0;
    }
}

/// <summary>
/// A client contact hears only of their own client's things: its invoices when they are one of its
/// billing contacts, and of its projects those they follow. Events the team keeps to itself (no
/// client) never reach them.
/// </summary>
public sealed class ContactLiveAudience(PortalViewer.Sight sight) : ILiveAudience
{
    public bool Hears(LiveEvent liveEvent) =>
        liveEvent.ClientId is { } client
        && (liveEvent.Name == BillingLive.Invoice ? sight.BillingClients.Contains(client) : sight.Clients.Contains(client))
        && (liveEvent.ProjectId is not { } project || sight.Projects.Contains(project));
}
