using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace CrmSaaS.Web.Hosting;

/// <summary>
/// The cookie TempData provider, except that a page which read TempData and found nothing answers
/// without a Set-Cookie deleting a cookie the browser does not have: every page reads it (the layout
/// shows flash messages), and that needless header made every answer one that sets a cookie, which
/// no cache may keep.
/// </summary>
public sealed class QuietTempDataProvider(CookieTempDataProvider cookies, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => cookies.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        var name = options.Value.Cookie.Name!;
        if (values.Count == 0 && !context.Request.Cookies.Keys.Any(k => k.StartsWith(name, StringComparison.Ordinal)))
        {
            return;
        }

        cookies.SaveTempData(context, values);
    }
}
