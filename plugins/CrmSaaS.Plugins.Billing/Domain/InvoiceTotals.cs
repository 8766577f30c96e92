using CrmSaaS.Kernel.Common;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>One line's contribution: its net amount (already rounded to the currency's minor unit) and VAT category and rate.</summary>
public sealed record TotalsLine(long NetMinor, string VatCategory, decimal VatRate);

/// <summary>One VAT category and rate: the summed base and the VAT on it.</summary>
public sealed record VatBreakdown(string Category, decimal Rate, long BaseMinor, long VatMinor);

/// <summary>
/// An invoice's totals, computed once when it is issued and stored: what the page, the PDF, the XML,
/// the email and the reports show. Each line's net is rounded to the minor unit first; VAT is computed
/// once per category and rate on the summed base, half away from zero (EN 16931 BR-CO-17); the net is
/// the sum of the lines (BR-CO-10), the VAT the sum of the categories (BR-CO-14), gross = net + VAT (BR-CO-15).
/// </summary>
public sealed record InvoiceTotals(string Currency, long NetMinor, IReadOnlyList<VatBreakdown> Vat, long VatMinor, long GrossMinor)
{
    /// <summary>A line's net in minor units: quantity × unit price, rounded half away from zero.</summary>
    public static long LineNet(decimal quantity, decimal unitPrice, string currency) =>
        (long)Math.Round(quantity * unitPrice * Currencies.Factor(currency), 0, MidpointRounding.AwayFromZero);

    public static InvoiceTotals Compute(string currency, IEnumerable<TotalsLine> lines)
    {
        var all = lines.ToList();
        var vat = all
            .GroupBy(l => (l.VatCategory, l.VatRate))
            .OrderBy(g => g.Key.VatCategory, StringComparer.Ordinal).ThenBy(g => g.Key.VatRate)
            .Select(g =>
            {
                var taxable = g.Sum(l => l.NetMinor);
                // The rate is a percentage; the amounts stay in the currency's minor units throughout.
                return new VatBreakdown(g.Key.VatCategory, g.Key.VatRate, taxable, (long)Math.Round(taxable * g.Key.VatRate / 100m, 0, MidpointRounding.AwayFromZero));
            })
            .ToList();
        var net = all.Sum(l => l.NetMinor);
        var tax = vat.Sum(v => v.VatMinor);
        return new InvoiceTotals(currency, net, vat, tax, net + tax);
    }
}
