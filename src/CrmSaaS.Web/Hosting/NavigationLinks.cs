using System.Collections.Concurrent;
using CrmSaaS.Kernel.Plugins;
using Microsoft.AspNetCore.Routing;

namespace CrmSaaS.Web.Hosting;

/// <summary>
/// The addresses of the plugins' navigation entries. They depend only on the app's routes, so each is
/// generated once and kept, instead of several times on every page the layout draws.
/// </summary>
public sealed class NavigationLinks(LinkGenerator links)
{
    private readonly ConcurrentDictionary<NavigationEntry, string?> _hrefs = new();

    /// <summary>The entry's address, or null when no page answers it.</summary>
    public string? Href(NavigationEntry entry) =>
        _hrefs.GetOrAdd(entry, e => links.GetPathByPage(e.Page, handler: null, values: new { area = e.Area ?? "" }));
}
