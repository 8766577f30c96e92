using CrmSaaS.Kernel.Common;

namespace CrmSaaS.Plugins.Crm.Search;

/// <summary>
/// Turns text into search tokens: lower case, accents folded (Müller → muller, ß → ss), split on
/// anything that is not a letter or digit. The same folding applies to what users type.
/// </summary>
public static class SearchText
{
    public const int MinTermLength = 1;
    public const int MaxTerms = 4;

    public static IEnumerable<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var folded = TextKeys.Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var isWordChar = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                var word = folded[start..i];
                yield return word.Length > Domain.Limits.Token ? word[..Domain.Limits.Token] : word;
                start = -1;
            }
        }
    }

    /// <summary>
    /// The terms of a search box: at most <see cref="MaxTerms"/> distinct words; a typed email address
    /// or domain ("anna@", "brightwave.test") stays one term, matched against whole emails and domains.
    /// </summary>
    public static IReadOnlyList<string> Terms(string? query) =>
        (query ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(chunk => EmailLike(chunk) is { } whole ? [whole] : Words(chunk))
            .Where(w => w.Length >= MinTermLength).Distinct().Take(MaxTerms).ToList();

    /// <summary>An email address or domain as typed, folded, or null: it has an @, or dotted labels ending in two or more letters.</summary>
    public static string? EmailLike(string chunk)
    {
        var folded = TextKeys.Fold(chunk).Trim(',', ';', '(', ')', '<', '>', '"', '\'');
        var isEmail = folded.Contains('@', StringComparison.Ordinal) && folded.Length > 1;
        var labels = folded.Split('.');
        var isDomain = labels.Length > 1 && labels.All(l => l.Length > 0 && l.All(c => char.IsLetterOrDigit(c) || c == '-')) && labels[^1].Length >= 2 && labels[^1].All(char.IsLetter);
        return isEmail || isDomain ? (folded.Length > Domain.Limits.Token ? folded[..Domain.Limits.Token] : folded) : null;
    }

    /// <summary>The domain of an email address, folded, or null.</summary>
    public static string? EmailDomain(string email)
    {
        var at = email.LastIndexOf('@');
        return at >= 0 && at < email.Length - 1 ? TextKeys.Fold(email[(at + 1)..].Trim()) : null;
    }

    /// <summary>The exclusive upper bound of every string starting with <paramref name="prefix"/> (ordinal).</summary>
    public static string PrefixEnd(string prefix) => prefix + '\uffff';
}
