using CrmSaaS.Kernel.Security;
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
            .Where(t => !t.IsAbstract && !t.IsInterface && t.GetInterfaces().Any(i => i == typeof(IBaseRequest) || (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>))))
            .ToList();

        var undeclared = messages
            .Where(t => !t.IsDefined(typeof(RequiresPermissionAttribute), true) && !t.IsDefined(typeof(PublicMessageAttribute), true))
            .Select(t => t.FullName);

        Assert.True(messages.Count > 10, $"Only {messages.Count} messages found");
        Assert.Empty(undeclared);
    }
}
