using System.Collections.Concurrent;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSaaS.Tests.Hosting;

/// <summary>What the app logs while it serves a team's request carries the team and the request id.</summary>
public sealed class LogScopesShould : IClassFixture<LogScopesShould.LoggingApp>
{
    private readonly LoggingApp app;

    public LogScopesShould(LoggingApp app) => this.app = app;

    public sealed class LoggingApp : AppFactory
    {
        public Capture Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging =>
            {
                logging.AddProvider(Logs);
                logging.AddFilter<Capture>(null, LogLevel.Information);
            });
        }
    }

    /// <summary>Keeps each entry with the scopes around it.</summary>
    public sealed class Capture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(string Category, string Message, Dictionary<string, object?> Scope)> Entries { get; } = new();

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, object?>();
                capture._scopes.ForEachScope((s, into) =>
                {
                    if (s is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            into[key] = value;
                        }
                    }
                }, scope);
                capture.Entries.Enqueue((category, formatter(state, exception), scope));
            }
        }
    }

    [Fact]
    public async Task NameTheTeamAndTheRequestInWhatIsLoggedDuringARequest()
    {
        var team = await app.CreateTeamAsync("logs" + Guid.NewGuid().ToString("N")[..6], ("Lea", TeamRole.OrganizationManager));
        var browser = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);

        await browser.GetStringAsync("/crm/clients");

        var executed = app.Logs.Entries.Where(e => e.Message.Contains("/Clients/Index", StringComparison.Ordinal) && e.Scope.ContainsKey("Team")).ToList();
        Assert.NotEmpty(executed);
        Assert.All(executed, e =>
        {
            Assert.Equal(team.Tenant.Identifier, e.Scope["Team"]);
            Assert.Equal(team.Tenant.Id, e.Scope["TeamId"]);
            Assert.False(string.IsNullOrEmpty(e.Scope["RequestId"] as string));
        });
    }
}
