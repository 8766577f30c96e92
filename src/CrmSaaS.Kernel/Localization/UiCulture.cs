using System.Globalization;

namespace CrmSaaS.Kernel.Localization;

/// <summary>Texts in someone else's language for a moment (an email to a recipient who reads German, say).</summary>
public static class UiCulture
{
    /// <summary>Switches the UI culture to "de" or "en" (anything else is English) until disposed.</summary>
    public static IDisposable Use(string? culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture == "de" ? "de" : "en");
        return new Restore(previous);
    }

    private sealed class Restore(CultureInfo previous) : IDisposable
    {
        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }
}
