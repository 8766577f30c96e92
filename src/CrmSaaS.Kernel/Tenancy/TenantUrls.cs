using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace CrmSaaS.Kernel.Tenancy;

/// <summary>Absolute URLs on the root domain and on a team's subdomain, keeping the request's scheme and port.</summary>
public sealed class TenantUrls(HostTenantStrategy strategy, IHttpContextAccessor http, IConfiguration config)
{
    public string Root(string path = "/") => Build(strategy.RootDomain, path);

    public string ForTeam(string identifier, string path = "/") => Build($"{identifier}.{strategy.RootDomain}", path);

    private string Build(string host, string path)
    {
        var request = http.HttpContext?.Request;
        var scheme = request?.Scheme ?? config["Tenancy:Scheme"] ?? "http";
        var port = request?.Host.Port ?? config.GetValue<int?>("Tenancy:Port");
        var authority = port is null or 80 or 443 ? host : $"{host}:{port}";
        return $"{scheme}://{authority}{(path.StartsWith('/') ? path : "/" + path)}";
    }
}
