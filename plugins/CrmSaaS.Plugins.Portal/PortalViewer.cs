using CrmSaaS.Kernel.Live;
using CrmSaaS.Plugins.Projects.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Portal;

/// <summary>
/// What the signed-in client contact may see in the portal: the projects they were invited to (of
/// their own client) and so the clients they speak for. Read once per request; every portal page and
/// download narrows its queries to these, so anything else is "not found".
/// </summary>
public sealed class PortalViewer(IProjectAccess projects)
{
    private Sight? _sight;

    public async Task<Sight> SightAsync(CancellationToken cancellationToken)
    {
        if (_sight is not null)
        {
            return _sight;
        }

        var visible = await projects.VisibleProjects().Select(p => new { p.Id, p.ClientId }).ToListAsync(cancellationToken);
        return _sight = new Sight([.. visible.Select(p => p.ClientId).Distinct()], visible.Select(p => p.Id).ToHashSet());
    }

    /// <param name="Clients">The clients whose invoices and time the contact sees.</param>
    /// <param name="Projects">The projects the contact follows.</param>
    public sealed record Sight(IReadOnlyList<Guid> Clients, IReadOnlySet<Guid> Projects)
    {
        public bool SeesNothing => Projects.Count == 0;
    }
}

/// <summary>
/// A client contact hears only of their own client's things: its invoices, and of its projects those
/// they follow. Events the team keeps to itself (no client) never reach them.
/// </summary>
public sealed class ContactLiveAudience(PortalViewer.Sight sight) : ILiveAudience
{
    public bool Hears(LiveEvent liveEvent) =>
        liveEvent.ClientId is { } client && sight.Clients.Contains(client)
        && (liveEvent.ProjectId is not { } project || sight.Projects.Contains(project));
}
