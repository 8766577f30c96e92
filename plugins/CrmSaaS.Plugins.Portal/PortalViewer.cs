using CrmSaaS.Kernel.Live;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Portal;

/// <summary>
/// What the signed-in client contact may see in the portal: the projects they were invited to (of
/// their own client), so the clients they speak for, and of those the clients whose invoices they see
/// (as one of its billing contacts). Read once per request; every portal page and download narrows its
/// queries to these, so anything else is "not found".
/// </summary>
public sealed class PortalViewer(IProjectAccess projects, IMediator mediator)
{
    private Sight? _sight;

    public async Task<Sight> SightAsync(CancellationToken cancellationToken)
    {
        if (_sight is not null)
        {
            return _sight;
        }

        var visible = await projects.VisibleProjects().Select(p => new { p.Id, p.ClientId }).ToListAsync(cancellationToken);
        var clients = visible.Select(p => p.ClientId).Distinct().ToList();
        var billing = clients.Count == 0 ? [] : (await mediator.Send(new MyBillingClientsQuery(), cancellationToken)).Intersect(clients).ToList();
        return _sight = new Sight(clients, visible.Select(p => p.Id).ToHashSet(), billing);
    }

    /// <param name="Clients">The clients whose projects and time the contact sees.</param>
    /// <param name="Projects">The projects the contact follows.</param>
    /// <param name="BillingClients">The clients whose invoices the contact sees and pays.</param>
    public sealed record Sight(IReadOnlyList<Guid> Clients, IReadOnlySet<Guid> Projects, IReadOnlyList<Guid> BillingClients)
    {
        public bool SeesNothing => Projects.Count == 0;

        public bool SeesInvoices => BillingClients.Count > 0;
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
