using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;
using Mediator;

namespace CrmSaaS.Tests.Architecture;

public class MessagesShould
{
    /// <summary>
    /// A handler refuses a command the current user may not run even when called without its page,
    /// so every request declares its permission, or says on purpose that it is public.
    /// </summary>
    [Fact]
    public void DeclareTheirPermissionOrThatTheyArePublic()
    {
        var messages = NotificationsShould.ProductAssemblies()
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && !t.IsInterface && t.GetInterfaces().Any(i => i == typeof(IBaseRequest) || i == typeof(IBaseQuery) || i == typeof(IBaseCommand)))
            .ToList();

        var undeclared = messages
            .Where(t => !t.IsDefined(typeof(RequiresPermissionAttribute), true) && !t.IsDefined(typeof(PublicMessageAttribute), true))
            .Select(t => t.FullName);

        Assert.True(messages.Count > 10, $"Only {messages.Count} messages found");
        Assert.Empty(undeclared);
    }

    /// <summary>
    /// The unit of work opens a transaction around every command and none around a query: reads are
    /// queries by type, so a reading handler cannot hold a write lock by accident.
    /// </summary>
    [Fact]
    public void ReadAsQueriesWhenTheyAreNamedQueries()
    {
        var misnamed = NotificationsShould.ProductAssemblies()
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && t.Name.EndsWith("Query", StringComparison.Ordinal) && typeof(IMessage).IsAssignableFrom(t) && !typeof(IBaseQuery).IsAssignableFrom(t))
            .Select(t => t.FullName);

        Assert.Empty(misnamed);
    }

    /// <summary>Handlers never begin, commit or roll back a transaction: the unit of work does, in one place.</summary>
    [Fact]
    public void LeaveTransactionsToTheUnitOfWork()
    {
        var root = SourceTree.Root;
        var offenders = new[] { "src", "plugins" }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(root, dir), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations", StringComparison.Ordinal))
            .Where(f => !f.EndsWith(Path.Combine("Kernel", "Data", "AmbientTransaction.cs"), StringComparison.Ordinal)
                && !f.EndsWith(Path.Combine("Kernel", "Data", "UnitOfWork.cs"), StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("BeginTransaction", StringComparison.Ordinal) || text.Contains("AmbientTransaction.Begin", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(root, f));

        Assert.Empty(offenders);
    }
}
