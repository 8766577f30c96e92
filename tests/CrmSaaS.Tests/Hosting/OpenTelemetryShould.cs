using System.Collections.Concurrent;
using System.Text;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Hosting;

/// <summary>
/// Traces and metrics leave the app over OTLP when an endpoint is configured, and not at all otherwise.
/// The collector is a small HTTP server on loopback that keeps what it receives (OTLP/HTTP protobuf).
/// </summary>
public sealed class OpenTelemetryShould
{
    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

        private Collector(WebApplication app) => _app = app;

        public string Address => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var collector = new Collector(app);
            app.MapPost("/v1/{signal}", async (HttpRequest request, string signal) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                collector.Received.Enqueue(("/v1/" + signal, body.ToArray()));
                return Results.Ok();
            });
            await app.StartAsync();
            return collector;
        }

        public string Text(string path) => string.Join("\n", Received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    private sealed class TracedApp(string endpoint) : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Telemetry:Otlp:Endpoint", endpoint);
            builder.UseSetting("Telemetry:ServiceName", "crmsaas-under-test");
        }
    }

    [Fact]
    public async Task ExportRequestsDatabaseCommandsAndMetricsOverOtlpWhenConfigured()
    {
        await using var collector = await Collector.StartAsync();
        using (var app = new TracedApp(collector.Address))
        {
            var team = await app.CreateTeamAsync("otel" + Guid.NewGuid().ToString("N")[..6], ("Otto", TeamRole.OrganizationManager));
            var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
            var page = await manager.GetAsync("/crm/clients");
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await app.Root().GetAsync("/health")).StatusCode);

            // Batches leave every few seconds (metrics every minute); the test asks for them now.
            Assert.True(OpenTelemetry.Trace.TracerProviderExtensions.ForceFlush(app.Services.GetRequiredService<OpenTelemetry.Trace.TracerProvider>(), 10_000));
            Assert.True(OpenTelemetry.Metrics.MeterProviderExtensions.ForceFlush(app.Services.GetRequiredService<OpenTelemetry.Metrics.MeterProvider>(), 10_000));
        }

        var traces = collector.Text("/v1/traces");
        Assert.Contains("crmsaas-under-test", traces, StringComparison.Ordinal);
        Assert.Contains("/crm/clients", traces, StringComparison.Ordinal);
        Assert.Contains("OpenTelemetry.Instrumentation.EntityFrameworkCore", traces, StringComparison.Ordinal);
        Assert.DoesNotContain("/health", traces, StringComparison.Ordinal);
        var metrics = collector.Text("/v1/metrics");
        Assert.Contains("http.server.request.duration", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public void StayOffWhenNothingIsConfigured()
    {
        using var app = new AppFactory();
        Assert.Null(app.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
        Assert.Null(app.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
    }
}
