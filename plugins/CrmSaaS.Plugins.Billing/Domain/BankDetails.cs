using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// IBAN and BIC as ISO 13616 and ISO 9362 define them: an IBAN has its country's length and its
/// check digits make the mod-97 remainder 1; a BIC is 8 or 11 characters (bank, country, location, branch).
/// </summary>
public static partial class BankDetails
{
    /// <summary>IBAN lengths of the SEPA countries (and a few more), by country code.</summary>
    private static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18,
        ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GI"] = 23, ["GR"] = 27, ["HR"] = 21, ["HU"] = 28,
        ["IE"] = 22, ["IS"] = 26, ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MT"] = 31,
        ["NL"] = 18, ["NO"] = 15, ["PL"] = 28, ["PT"] = 25, ["RO"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27,
        ["VA"] = 22,
    };

    /// <summary>The IBAN without spaces, in capitals, as it is stored and printed in groups of four.</summary>
    public static string NormalizeIban(string iban) => new string(iban.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    public static bool IsValidIban(string? iban)
    {
        if (iban is null)
        {
            return false;
        }

        var value = NormalizeIban(iban);
        if (!IbanShape().IsMatch(value) || (IbanLengths.TryGetValue(value[..2], out var length) ? value.Length != length : value.Length is < 15 or > 34))
        {
            return false;
        }

        // Move the country and check digits to the end, letters become 10..35, and the number mod 97 must be 1.
        var remainder = 0;
        foreach (var c in value[4..] + value[..4])
        {
            var digits = char.IsLetter(c) ? (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture) : c.ToString();
            foreach (var d in digits)
            {
                remainder = (remainder * 10 + (d - '0')) % 97;
            }
        }

        return remainder == 1;
    }

    public static string FormatIban(string iban) => string.Join(' ', NormalizeIban(iban).Chunk(4).Select(c => new string(c)));

    public static bool IsValidBic(string? bic) => bic is not null && BicShape().IsMatch(bic.Trim().ToUpperInvariant());

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")]
    private static partial Regex IbanShape();

    [GeneratedRegex("^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")]
    private static partial Regex BicShape();
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class IbanAttribute : ValidationAttribute
{
    public IbanAttribute() => ErrorMessage = "Enter a valid IBAN; its check digits do not match.";

    public override bool IsValid(object? value) => value is null || (value is string s && (s.Trim().Length == 0 || BankDetails.IsValidIban(s)));
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class BicAttribute : ValidationAttribute
{
    public BicAttribute() => ErrorMessage = "Enter a valid BIC (8 or 11 letters and digits).";

    public override bool IsValid(object? value) => value is null || (value is string s && (s.Trim().Length == 0 || BankDetails.IsValidBic(s)));
}
