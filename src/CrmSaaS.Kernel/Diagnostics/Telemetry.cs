using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CrmSaaS.Kernel.Diagnostics;

/// <summary>
/// The product's own traces and metrics, beside what ASP.NET Core, EF Core and HttpClient report.
/// Nothing is collected unless an exporter listens (the host wires OTLP when configured).
/// </summary>
public static class Telemetry
{
    public const string Name = "CrmSaaS";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    /// <summary>Emails handed to the mail server, and attempts that failed.</summary>
    public static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>("crmsaas.emails.sent", "{email}", "Emails handed to the mail server");
    public static readonly Counter<long> EmailsFailed = Meter.CreateCounter<long>("crmsaas.emails.failed", "{attempt}", "Attempts to send an email that failed");

    /// <summary>A scheduled job worked on one team (tag job, outcome: done, failed or elsewhere).</summary>
    public static readonly Counter<long> JobTeams = Meter.CreateCounter<long>("crmsaas.jobs.teams", "{team}", "Teams a scheduled job worked on or left to another instance");
}
