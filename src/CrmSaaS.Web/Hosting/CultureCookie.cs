using Microsoft.AspNetCore.Localization;

namespace CrmSaaS.Web.Hosting;

public static class CultureCookie
{
    public static string Normalize(string? culture) => culture is "de" ? "de" : "en";

    public static void Set(HttpResponse response, string culture, DateTimeOffset now) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(Normalize(culture))),
            new CookieOptions { Expires = now.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps });
}
