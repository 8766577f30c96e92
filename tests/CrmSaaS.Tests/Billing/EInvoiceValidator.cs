using System.Diagnostics;
using CrmSaaS.Tests.Infrastructure;

namespace CrmSaaS.Tests.Billing;

/// <summary>
/// The official EN 16931 (and XRechnung) rules, offline: <c>tools/einvoice/validate.sh</c> (schema,
/// CEN schematron, KoSIT schematron). It installs the Java and XML packages it needs on first use.
/// </summary>
public static class EInvoiceValidator
{
    public static async Task<(bool Valid, string Report)> ValidateAsync(byte[] xml, bool xrechnung)
    {
        var file = Path.Combine(Path.GetTempPath(), "crmsaas-tests", $"einvoice-{Guid.NewGuid():N}.xml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, xml);
        try
        {
            var script = Path.Combine(SourceTree.Root, "tools", "einvoice", "validate.sh");
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            if (xrechnung)
            {
                start.ArgumentList.Add("--xrechnung");
            }

            start.ArgumentList.Add(file);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var report = await output + await errors;
            return process.ExitCode switch
            {
                0 => (true, report),
                1 => (false, report),
                _ => throw new InvalidOperationException("The e-invoice validator could not run: " + report),
            };
        }
        finally
        {
            File.Delete(file);
        }
    }
}
