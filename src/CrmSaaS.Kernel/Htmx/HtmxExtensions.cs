using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrmSaaS.Kernel.Htmx;

public static class HtmxExtensions
{
    public static bool IsHtmx(this HttpRequest request) =>
        request.Headers.TryGetValue("HX-Request", out var value) && value == "true";

    /// <summary>After a successful POST: HX-Redirect for htmx, a plain redirect for forms.</summary>
    public static IActionResult RedirectOrHxRedirect(this PageModel page, string url)
    {
        if (page.Request.IsHtmx())
        {
            page.Response.Headers["HX-Redirect"] = url;
            return new NoContentResult();
        }

        return new RedirectResult(url);
    }

    /// <summary>Re-renders a form with its validation messages: the partial for htmx, the page otherwise; 422 either way.</summary>
    public static IActionResult InvalidForm(this PageModel page, string? partialName = null)
    {
        page.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        if (partialName is not null && page.Request.IsHtmx())
        {
            return page.Partial(partialName, page);
        }

        return page.Page();
    }
}

/// <summary>
/// A page that must load its data again before it can be re-rendered with validation messages
/// (lists, names, a row action that failed). The host's page filter calls it whenever a POST shows
/// the page again with messages, so handlers just <c>return Page()</c>.
/// </summary>
public interface IReloadOnInvalid
{
    Task ReloadAsync();
}
