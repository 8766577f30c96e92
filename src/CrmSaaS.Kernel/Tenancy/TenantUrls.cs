namespace CrmSaaS.Kernel.Tenancy;

/// <summary>
/// Absolute URLs on the root domain and on a team's subdomain, built from the one public-URL
/// setting (<c>Tenancy:PublicUrl</c>: scheme, root domain and port as people reach the service),
/// never from a request's Host header, so links in emails are right from jobs and behind proxies too.
/// </summary>
public sealed class TenantUrls
{
    private readonly string _scheme;
    private readonly string _root;
    private readonly string _port;

    public TenantUrls(HostTenantStrategy strategy, string publicUrl)
    {
        if (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
        {
            throw new InvalidOperationException($"Tenancy:PublicUrl must be the service's root address, like https://example.com or http://localhost:5000 (got '{publicUrl}').");
        }

        if (!string.Equals(uri.Host, strategy.RootDomain, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Tenancy:PublicUrl ({publicUrl}) must name the root domain {strategy.RootDomain}.");
        }

        _scheme = uri.Scheme;
        _root = strategy.RootDomain;
        _port = uri.IsDefaultPort ? "" : ":" + uri.Port;
    }

    public string Root(string path = "/") => Build(_root, path);

    public string ForTeam(string identifier, string path = "/") => Build($"{identifier}.{_root}", path);

    private string Build(string host, string path) => $"{_scheme}://{host}{_port}{(path.StartsWith('/') ? path : "/" + path)}";
}
