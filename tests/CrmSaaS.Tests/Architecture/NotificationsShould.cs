using System.Reflection;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Tests.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Architecture;

/// <summary>
/// The mediator source generator silently drops the handlers of any assembly it was not told
/// about. This publishes every notification type of the product and checks that every handler
/// class written for it ran.
/// </summary>
public class NotificationsShould(NotificationsShould.RecordingApp app) : IClassFixture<NotificationsShould.RecordingApp>
{
    public sealed class Recorder
    {
        public List<Type> Ran { get; } = [];
    }

    private sealed class Recording<T>(INotificationHandler<T> inner, Recorder recorder) : INotificationHandler<T>
        where T : INotification
    {
        public async ValueTask Handle(T notification, CancellationToken cancellationToken)
        {
            await inner.Handle(notification, cancellationToken);
            lock (recorder)
            {
                recorder.Ran.Add(inner.GetType());
            }
        }
    }

    /// <summary>The app with every notification handler registration wrapped by a recorder.</summary>
    public sealed class RecordingApp : AppFactory
    {
        public Recorder Recorder { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(Recorder);
                var handlerRegistrations = services
                    .Select((descriptor, index) => (descriptor, index))
                    .Where(x => x.descriptor.ServiceType.IsGenericType && x.descriptor.ServiceType.GetGenericTypeDefinition() == typeof(INotificationHandler<>))
                    .ToList();
                foreach (var (descriptor, index) in handlerRegistrations)
                {
                    var notification = descriptor.ServiceType.GetGenericArguments()[0];
                    var recording = typeof(Recording<>).MakeGenericType(notification);
                    services[index] = new ServiceDescriptor(descriptor.ServiceType, sp =>
                    {
                        var inner = descriptor.ImplementationFactory is { } factory ? factory(sp)
                            : descriptor.ImplementationInstance ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);
                        return Activator.CreateInstance(recording, inner, sp.GetRequiredService<Recorder>())!;
                    }, descriptor.Lifetime);
                }
            });
        }
    }

    public static IEnumerable<Assembly> ProductAssemblies() =>
        new[] { typeof(AppDbContext).Assembly, typeof(Program).Assembly }
            .Concat(CrmSaaS.Web.Plugins.All.Select(p => p.GetType().Assembly))
            .Distinct();

    public static IEnumerable<object[]> NotificationTypes() => ProductAssemblies()
        .SelectMany(a => a.GetTypes())
        .Where(t => typeof(INotification).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
        .Select(t => new object[] { t });

    [Theory]
    [MemberData(nameof(NotificationTypes))]
    public async Task RunEveryHandlerOfEachNotification(Type notificationType)
    {
        var handlerInterface = typeof(INotificationHandler<>).MakeGenericType(notificationType);
        var expected = ProductAssemblies().SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && handlerInterface.IsAssignableFrom(t))
            .ToList();
        Assert.NotEmpty(expected);
        var team = await app.CreateTeamAsync("n" + Guid.NewGuid().ToString("N")[..8], ("Owner", CrmSaaS.Kernel.Security.TeamRole.OrganizationManager));

        lock (app.Recorder)
        {
            app.Recorder.Ran.Clear();
        }

        await app.WithScopeAsync(sp => sp.GetRequiredService<IPublisher>().Publish(Sample(notificationType), CancellationToken.None).AsTask(), team.Tenant);

        Assert.Equal(expected.Select(t => t.FullName).Order(), app.Recorder.Ran.Select(t => t.FullName).Order());
    }

    private static object Sample(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(Guid) => (object)Guid.NewGuid(),
            var t when t == typeof(string) => "someone@example.test",
            var t when t == typeof(int) => 1,
            var t when t == typeof(long) => 1L,
            var t when t == typeof(bool) => true,
            var t when t == typeof(DateTime) => DateTime.UtcNow,
            var t when t.IsEnum => Enum.GetValues(t).GetValue(0)!,
            var t => throw new InvalidOperationException($"Teach {nameof(Sample)} how to make a {t.Name} for {type.Name}."),
        }).ToArray();
        return constructor.Invoke(arguments);
    }
}
