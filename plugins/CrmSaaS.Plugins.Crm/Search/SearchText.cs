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

    /// <summary>The terms of a search box: at most <see cref="MaxTerms"/> distinct words.</summary>
    public static IReadOnlyList<string> Terms(string? query) =>
        Words(query).Where(w => w.Length >= MinTermLength).Distinct().Take(MaxTerms).ToList();

    /// <summary>The exclusive upper bound of every string starting with <paramref name="prefix"/> (ordinal).</summary>
    public static string PrefixEnd(string prefix) => prefix + '\uffff';
}
