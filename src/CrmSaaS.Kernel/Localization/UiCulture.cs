using System.Globalization;

namespace CrmSaaS.Kernel.Localization;

/// <summary>
/// Someone else's language for a moment (an email to a recipient who reads German, say): texts,
/// numbers, dates and amounts alike.
/// </summary>
public static class UiCulture
{
    /// <summary>Switches the culture and UI culture to "de" or "en" (anything else is English) until disposed.</summary>
    public static IDisposable Use(string? culture)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var next = CultureInfo.GetCultureInfo(culture == "de" ? "de" : "en");
        CultureInfo.CurrentCulture = next;
        CultureInfo.CurrentUICulture = next;
        return new Restore(previous.CurrentCulture, previous.CurrentUICulture);
    }

    private sealed class Restore(CultureInfo culture, CultureInfo uiCulture) : IDisposable
    {
        public void Dispose()
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }
}
