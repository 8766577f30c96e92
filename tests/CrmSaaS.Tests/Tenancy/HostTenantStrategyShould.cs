using CrmSaaS.Kernel.Tenancy;

namespace CrmSaaS.Tests.Tenancy;

public class HostTenantStrategyShould
{
    private readonly HostTenantStrategy _strategy = new("localhost");

    [Theory]
    [InlineData("localhost", HostKind.Root, null)]
    [InlineData("localhost:5000", HostKind.Root, null)]
    [InlineData("LOCALHOST:5000", HostKind.Root, null)]
    [InlineData("acme.localhost", HostKind.Tenant, "acme")]
    [InlineData("acme.localhost:5000", HostKind.Tenant, "acme")]
    [InlineData("ACME.LocalHost:443", HostKind.Tenant, "acme")]
    [InlineData("acme.localhost.", HostKind.Tenant, "acme")]
    [InlineData("my-team-42.localhost", HostKind.Tenant, "my-team-42")]
    [InlineData("a.b.localhost", HostKind.Invalid, null)]
    [InlineData("www.acme.localhost", HostKind.Invalid, null)]
    [InlineData("acme.localhost.evil.com", HostKind.Invalid, null)]
    [InlineData("acmelocalhost", HostKind.Invalid, null)]
    [InlineData("acme-localhost", HostKind.Invalid, null)]
    [InlineData("evil.com", HostKind.Invalid, null)]
    [InlineData("localhost.evil.com", HostKind.Invalid, null)]
    [InlineData("www.localhost", HostKind.Invalid, null)]
    [InlineData("admin.localhost", HostKind.Invalid, null)]
    [InlineData("api.localhost", HostKind.Invalid, null)]
    [InlineData("app.localhost", HostKind.Invalid, null)]
    [InlineData("ab.localhost", HostKind.Invalid, null)]
    [InlineData("-acme.localhost", HostKind.Invalid, null)]
    [InlineData("acme-.localhost", HostKind.Invalid, null)]
    [InlineData("xn--80ak6aa92e.localhost", HostKind.Invalid, null)]
    [InlineData("ac_me.localhost", HostKind.Invalid, null)]
    [InlineData(".localhost", HostKind.Invalid, null)]
    [InlineData("127.0.0.1:5000", HostKind.Invalid, null)]
    [InlineData("[::1]:5000", HostKind.Invalid, null)]
    [InlineData("", HostKind.Invalid, null)]
    [InlineData(null, HostKind.Invalid, null)]
    public void ResolveHosts(string? host, HostKind kind, string? identifier)
    {
        var resolution = _strategy.Resolve(host);

        Assert.Equal(kind, resolution.Kind);
        Assert.Equal(identifier, resolution.Identifier);
    }

    [Fact]
    public void AcceptFortyCharacterLabelsButNotFortyOne()
    {
        Assert.Equal(HostKind.Tenant, _strategy.Resolve(new string('a', 40) + ".localhost").Kind);
        Assert.Equal(HostKind.Invalid, _strategy.Resolve(new string('a', 41) + ".localhost").Kind);
    }

    [Theory]
    [InlineData("crmsaas.example.com", "acme.crmsaas.example.com", HostKind.Tenant)]
    [InlineData("crmsaas.example.com", "crmsaas.example.com", HostKind.Root)]
    [InlineData("crmsaas.example.com", "acme.example.com", HostKind.Invalid)]
    [InlineData("crmsaas.example.com", "acme.evilcrmsaas.example.com", HostKind.Invalid)]
    public void ResolveAgainstAConfiguredRootDomain(string root, string host, HostKind kind) =>
        Assert.Equal(kind, new HostTenantStrategy(root).Resolve(host).Kind);
}
