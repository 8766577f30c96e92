namespace CrmSaaS.Kernel.Common;

/// <summary>Tags as typed ("vip, Berlin") and as stored (",berlin,vip,").</summary>
public static class Tags
{
    public static string Normalize(string? input)
    {
        var tags = Parse(input);
        return tags.Count == 0 ? "" : "," + string.Join(",", tags) + ",";
    }

    public static IReadOnlyList<string> Parse(string? input) => (input ?? "")
        .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(t => t.ToLowerInvariant())
        .Where(t => t.Length > 0)
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToList();

    public static string Display(string stored) => string.Join(", ", Parse(stored));

    /// <summary>The LIKE pattern that finds one tag in the stored form.</summary>
    public static string Pattern(string tag) => "%," + tag.Trim().ToLowerInvariant() + ",%";
}
