using System.Globalization;
using CrmSaaS.Kernel.Common;
using QRCoder;

namespace CrmSaaS.Plugins.Billing.Documents;

/// <summary>
/// The EPC069-12 "GiroCode" a banking app scans to fill in a SEPA credit transfer: version 002
/// (BIC optional), UTF-8, the payee, IBAN, amount in EUR and the invoice number as the reference.
/// </summary>
public static class EpcQrCode
{
    public static string Payload(string name, string iban, string? bic, Money amount, string reference)
    {
        if (amount.Currency != "EUR" || amount.MinorUnits <= 0 || amount.MinorUnits > 99_999_999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "A GiroCode carries a EUR amount from 0.01 to 999,999,999.99.");
        }

        return string.Join('\n',
            "BCD", "002", "1", "SCT",
            bic ?? "",
            Cut(name, 70),
            iban,
            "EUR" + amount.ToMajor().ToString("0.00", CultureInfo.InvariantCulture),
            "",
            "",
            Cut(reference, 140));
    }

    /// <summary>The code's modules (true = dark), error correction M as the EPC guideline asks.</summary>
    public static bool[][] Modules(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M, forceUtf8: true);
        return data.ModuleMatrix.Select(row => row.Cast<bool>().ToArray()).ToArray();
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
