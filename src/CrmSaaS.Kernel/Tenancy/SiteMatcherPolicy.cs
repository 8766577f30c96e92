using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace CrmSaaS.Kernel.Tenancy;

/// <summary>Marks a page or endpoint as served on the root domain only (landing, sign-up, /health, /admin).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RootSiteAttribute : Attribute;

/// <summary>Marks a page or endpoint served on both the root domain and every team (error pages, language switch).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AnySiteAttribute : Attribute;

/// <summary>
/// Endpoint selection by site: endpoints marked <see cref="RootSiteAttribute"/> match only on the
/// root domain, every other endpoint only on a team's subdomain. Both sites can so own "/".
/// </summary>
public sealed class SiteMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => endpoints.Count > 0;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var kind = httpContext.Features.Get<SiteFeature>()?.Kind ?? HostKind.Invalid;
        for (var i = 0; i < candidates.Count; i++)
        {
            var metadata = candidates[i].Endpoint.Metadata;
            var isRootEndpoint = metadata.GetMetadata<RootSiteAttribute>() is not null;
            var valid = metadata.GetMetadata<AnySiteAttribute>() is not null
                ? kind != HostKind.Invalid
                : kind == HostKind.Root ? isRootEndpoint : kind == HostKind.Tenant && !isRootEndpoint;
            if (!valid)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
