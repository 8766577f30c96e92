using System.Reflection;
using CrmSaaS.Plugins.Billing;
using CrmSaaS.Plugins.Crm;
using CrmSaaS.Plugins.Payments;
using CrmSaaS.Plugins.Projects;
using CrmSaaS.Plugins.Time;
using NetArchTest.Rules;

namespace CrmSaaS.Tests.Architecture;

/// <summary>
/// A plugin uses another plugin only through what that plugin offers in its Contracts namespace;
/// everything else of it (entities, pages, services) may change without telling anyone.
/// </summary>
public class ContractsShould
{
    private static readonly Assembly[] PluginAssemblies = [typeof(CrmPlugin).Assembly, typeof(ProjectsPlugin).Assembly, typeof(TimePlugin).Assembly, typeof(BillingPlugin).Assembly, typeof(PaymentsPlugin).Assembly, typeof(CrmSaaS.Plugins.Portal.PortalPlugin).Assembly];

    /// <summary>Every type of <paramref name="plugin"/> outside its Contracts namespace.</summary>
    private static string[] Internals(Assembly plugin)
    {
        var contracts = plugin.GetName().Name + ".Contracts";
        return plugin.GetTypes()
            .Where(t => t.FullName is { } name && !name.StartsWith(contracts + ".", StringComparison.Ordinal) && !name.Contains('<', StringComparison.Ordinal)
                && !name.StartsWith("AspNetCoreGeneratedDocument", StringComparison.Ordinal) && t.DeclaringType is null)
            .Select(t => t.FullName!)
            .ToArray();
    }

    public static TheoryData<string> Plugins() => [.. PluginAssemblies.Select(a => a.GetName().Name!)];

    [Theory]
    [MemberData(nameof(Plugins))]
    public void UseOtherPluginsOnlyThroughTheirContracts(string pluginName)
    {
        var plugin = PluginAssemblies.Single(a => a.GetName().Name == pluginName);
        var forbidden = PluginAssemblies.Where(a => a != plugin).SelectMany(Internals).ToArray();

        var result = Types.InAssembly(plugin).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{pluginName} reaches into other plugins in: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void OfferContractsFromEveryPluginOthersBuildOn()
    {
        foreach (var plugin in PluginAssemblies.Take(2))
        {
            Assert.Contains(plugin.GetTypes(), t => t.Namespace == plugin.GetName().Name + ".Contracts");
        }
    }
}
