using System.Text.RegularExpressions;

namespace CrmSaaS.Kernel.Tenancy;

public enum HostKind
{
    /// <summary>Neither the root domain nor one of its teams: answered with 404.</summary>
    Invalid,
    Root,
    Tenant,
}

public readonly record struct HostResolution(HostKind Kind, string? Identifier)
{
    public static readonly HostResolution Invalid = new(HostKind.Invalid, null);
    public static readonly HostResolution Root = new(HostKind.Root, null);
}

/// <summary>
/// Maps a request host to the root site or a team: exactly one label in front of the
/// configured root domain, case- and port-insensitive. Anything else is invalid.
/// </summary>
public sealed partial class HostTenantStrategy(string rootDomain)
{
    public static readonly IReadOnlySet<string> ReservedLabels = new HashSet<string>(StringComparer.Ordinal)
    {
        "www", "app", "api", "admin", "mail", "smtp", "static", "assets", "cdn", "help", "support",
        "status", "docs", "blog", "portal", "root", "system", "billing", "login", "signup", "auth",
    };

    private readonly string _root = rootDomain.Trim().TrimEnd('.').ToLowerInvariant();

    public string RootDomain => _root;

    public HostResolution Resolve(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return HostResolution.Invalid;
        }

        var name = StripPort(host.Trim()).TrimEnd('.').ToLowerInvariant();
        if (name == _root)
        {
            return HostResolution.Root;
        }

        var suffix = "." + _root;
        if (!name.EndsWith(suffix, StringComparison.Ordinal))
        {
            return HostResolution.Invalid;
        }

        var label = name[..^suffix.Length];
        return IsValidIdentifier(label) && !ReservedLabels.Contains(label)
            ? new HostResolution(HostKind.Tenant, label)
            : HostResolution.Invalid;
    }

    /// <summary>
    /// Lower-case letters, digits and inner hyphens, 3–40 characters, one label. A double hyphen
    /// is refused so punycode look-alikes (xn--) never name a team.
    /// </summary>
    public static bool IsValidIdentifier(string label) =>
        IdentifierPattern().IsMatch(label) && !label.Contains("--", StringComparison.Ordinal);

    private static string StripPort(string host)
    {
        if (host.StartsWith('['))
        {
            return host; // IPv6 literal: never a team
        }

        var colon = host.LastIndexOf(':');
        return colon >= 0 ? host[..colon] : host;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
