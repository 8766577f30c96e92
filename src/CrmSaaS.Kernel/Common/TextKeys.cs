using System.Globalization;
using System.Text;

namespace CrmSaaS.Kernel.Common;

/// <summary>Keys that compare text as people do, in every alphabet: "Müller  GmbH " and "müller gmbh" are one name.</summary>
public static class TextKeys
{
    /// <summary>Trimmed, inner whitespace collapsed to one space, upper case by the invariant culture (not SQLite's ASCII-only upper).</summary>
    public static string Name(string? text)
    {
        var key = new StringBuilder(text?.Length ?? 0);
        var space = false;
        foreach (var c in (text ?? "").Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                key.Append(' ');
                space = false;
            }

            key.Append(char.ToUpperInvariant(c));
        }

        return key.ToString();
    }

    /// <summary>Lower case with accents folded (Müller → muller, ß → ss): how names are searched and codes made.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
