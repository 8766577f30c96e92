using CrmSaaS.Kernel.Diagnostics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CrmSaaS.Web.Hosting;

/// <summary>
/// Traces and metrics over OTLP, off unless an endpoint is configured (Telemetry:Otlp:Endpoint, or the
/// standard OTEL_EXPORTER_OTLP_ENDPOINT): requests (ASP.NET Core), outgoing calls (HttpClient — Stripe,
/// the ECB feed, the crypto processor), database commands (EF Core, without their parameters) and the
/// product's own jobs and emails. Health checks and static files are not traced.
/// </summary>
public static class OpenTelemetrySetup
{
    public static void AddCrmSaaSTelemetry(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var endpoint = config["Telemetry:Otlp:Endpoint"] ?? config["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"Telemetry:Otlp:Endpoint is not an absolute URL: '{endpoint}'.");
        }

        var protocol = string.Equals(config["Telemetry:Otlp:Protocol"] ?? config["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", StringComparison.OrdinalIgnoreCase)
            ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        void Exporter(OtlpExporterOptions o, string signal)
        {
            o.Protocol = protocol;
            // Over HTTP each signal has its own path under the collector's address.
            o.Endpoint = protocol == OtlpExportProtocol.Grpc ? uri : new Uri(uri, uri.AbsolutePath.TrimEnd('/') + "/v1/" + signal);
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(config["Telemetry:ServiceName"] ?? "crmsaas", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(t => t
                .AddSource(Telemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http =>
                    !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/lib") && !http.Request.Path.StartsWithSegments("/css") && !http.Request.Path.StartsWithSegments("/js"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter(o => Exporter(o, "traces")))
            .WithMetrics(m => m
                .AddMeter(Telemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => Exporter(o, "metrics")));
    }
}
