using System.Reflection;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Plugins;

namespace CrmSaaS.Tests.Architecture;

public class PluginsShould
{
    /// <summary>Plugins may only look back along this line; Portal may read them all.</summary>
    private static readonly string[] Order = ["Crm", "Projects", "Time", "Billing", "Payments"];

    private static IEnumerable<Assembly> HostAssemblies()
    {
        var seen = new Dictionary<string, Assembly>();
        var queue = new Queue<Assembly>([typeof(Program).Assembly]);
        while (queue.TryDequeue(out var assembly))
        {
            if (!seen.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("CrmSaaS.", StringComparison.Ordinal)))
            {
                queue.Enqueue(Assembly.Load(reference));
            }
        }

        return seen.Values;
    }

    [Fact]
    public void ListEveryReferencedPluginInPluginsCs()
    {
        var found = HostAssemblies().SelectMany(a => a.GetTypes())
            .Where(t => typeof(IPlugin).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
            .ToList();
        var listed = CrmSaaS.Web.Plugins.All.Select(p => p.GetType()).ToList();

        Assert.NotEmpty(found);
        Assert.Empty(found.Except(listed).Select(t => t.FullName));
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Fact]
    public void ReferenceEarlierPluginsOnly()
    {
        var violations = new List<string>();
        foreach (var assembly in HostAssemblies())
        {
            var name = assembly.GetName().Name!;
            var references = assembly.GetReferencedAssemblies().Select(r => r.Name!).Where(r => r.StartsWith("CrmSaaS.", StringComparison.Ordinal)).ToList();
            if (name == typeof(AppDbContext).Assembly.GetName().Name)
            {
                violations.AddRange(references.Select(r => $"the kernel references {r}"));
                continue;
            }

            if (!name.StartsWith("CrmSaaS.Plugins.", StringComparison.Ordinal))
            {
                continue;
            }

            var plugin = name["CrmSaaS.Plugins.".Length..];
            foreach (var reference in references.Where(r => r.StartsWith("CrmSaaS.Plugins.", StringComparison.Ordinal)))
            {
                var target = reference["CrmSaaS.Plugins.".Length..];
                var allowed = plugin == "Portal" || (Array.IndexOf(Order, target) >= 0 && Array.IndexOf(Order, target) < Array.IndexOf(Order, plugin));
                if (!allowed)
                {
                    violations.Add($"{plugin} references {target}");
                }
            }

            violations.AddRange(references.Where(r => r is "CrmSaaS.Web" || r.StartsWith("CrmSaaS.Migrations", StringComparison.Ordinal)).Select(r => $"{plugin} references the host's {r}"));
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void GiveEveryPluginAUniqueName()
    {
        var names = CrmSaaS.Web.Plugins.All.Select(p => p.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
