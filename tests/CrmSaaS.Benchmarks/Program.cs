using CrmSaaS.Benchmarks;

// dotnet run -c Release --project tests/CrmSaaS.Benchmarks -- contact-search --contacts 100000 [--provider postgres]
var command = args.FirstOrDefault() ?? "";
int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
}

var provider = Array.IndexOf(args, "--provider") is var p && p >= 0 && p + 1 < args.Length ? args[p + 1] : "sqlite";
if (string.Equals(provider, "postgres", StringComparison.OrdinalIgnoreCase))
{
    BenchmarkApp.PostgresServer = Environment.GetEnvironmentVariable("CRMSAAS_BENCH_POSTGRES")
        ?? throw new InvalidOperationException("--provider postgres needs CRMSAAS_BENCH_POSTGRES, e.g. \"Host=127.0.0.1;Port=5432;Username=crmsaas\" (source .ci/postgres.sh && postgres_start gives one).");
}
else if (!string.Equals(provider, "sqlite", StringComparison.OrdinalIgnoreCase))
{
    Console.Error.WriteLine($"Unknown --provider '{provider}': sqlite or postgres.");
    return 2;
}

switch (command)
{
    case "contact-search":
        await ContactSearchBenchmark.RunAsync(Option("contacts", 100_000), Option("iterations", 25));
        break;
    case "time-report":
        await TimeReportBenchmark.RunAsync(Option("entries", 1_000_000), Option("iterations", 25));
        break;
    case "timer":
        await TimeReportBenchmark.RunTimerAsync(Option("ops", 2000));
        break;
    case "import-load":
        await ImportLoadBenchmark.RunAsync(Option("rows", 100_000), Option("interval", 50));
        break;
    case "invoice-run":
        await InvoiceRunBenchmark.RunAsync(Option("entries", 1_000_000), Option("clients", 2000), Option("samples", 200));
        break;
    case "webhooks":
        await WebhooksBenchmark.RunAsync(Option("events", 10_000));
        break;
    case "portal-live":
        await PortalLiveBenchmark.RunAsync(Option("connections", 1000), Option("teams", 50), Option("seconds", 30));
        break;
    case "portal-dashboard":
        await PortalLiveBenchmark.RunDashboardAsync(Option("entries", 20_000), Option("invoices", 200), Option("iterations", 50));
        break;
    case "serve-load":
        await LoadBenchmark.ServeAsync(Option("contacts", 100_000), Option("entries", 1_000_000), Option("port", 5080),
            Array.IndexOf(args, "--session") is var si && si >= 0 && si + 1 < args.Length ? args[si + 1] : Path.Combine(Path.GetTempPath(), "crmsaas-load.session"),
            Array.IndexOf(args, "--keep") is var ki && ki >= 0 && ki + 1 < args.Length ? args[ki + 1] : null, Option("writes", 0));
        break;
    case "signin-timing":
        await SignInTimingBenchmark.RunAsync(Option("iterations", 50));
        break;
    default:
        Console.Error.WriteLine("usage (each takes --provider sqlite|postgres): contact-search [--contacts N] [--iterations N] | time-report [--entries N] [--iterations N] | timer [--ops N] | import-load [--rows N] [--interval MS] | signin-timing [--iterations N] | invoice-run [--entries N] [--clients N] [--samples N] | webhooks [--events N] | portal-live [--connections N] [--teams N] [--seconds N] | portal-dashboard [--entries N] [--invoices N] [--iterations N] | serve-load [--contacts N] [--entries N] [--port N] [--session FILE] [--keep DIR] [--writes N]");
        return 2;
}

return 0;
