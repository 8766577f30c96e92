using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CrmSaaS.Kernel.Htmx;

/// <summary>
/// A page showing state that someone else may change any moment (a payment a provider confirms) asks
/// whether a short stamp of that state is still what it showed (the page's <c>Live</c> handler, with
/// htmx: <c>hx-get="?handler=Live&amp;stamp=…" hx-trigger="sse:invoice, every 60s" hx-swap="none"</c>):
/// on the live event that names such a change (see <see cref="Live.LiveStream"/>) and, as a fallback,
/// now and then. Still the same: an empty 204. Changed: htmx is told to reload the page. A database
/// read of the stamp per check; any instance answers, so it holds with several instances.
/// </summary>
public static class LiveRefresh
{
    public const string Handler = "Live";

    public static IActionResult Answer(HttpResponse response, string current, string? shown)
    {
        if (!string.Equals(current, shown, StringComparison.Ordinal))
        {
            response.Headers["HX-Refresh"] = "true";
        }

        response.Headers.CacheControl = "no-store";
        return new NoContentResult();
    }
}
