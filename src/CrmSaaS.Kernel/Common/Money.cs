using System.Globalization;

namespace CrmSaaS.Kernel.Common;

/// <summary>
/// An amount as a whole number of an ISO 4217 currency's minor units (cents for EUR, yen for JPY,
/// fils for KWD). Never floating point; rounding happens once, when an amount is made from a decimal.
/// </summary>
public readonly record struct Money
{
    public Money(long minorUnits, string currency)
    {
        if (!Currencies.IsKnown(currency))
        {
            throw new ArgumentException($"Unknown currency code '{currency}'.", nameof(currency));
        }

        MinorUnits = minorUnits;
        Currency = currency.ToUpperInvariant();
    }

    public long MinorUnits { get; }
    public string Currency { get; }

    public static Money Zero(string currency) => new(0, currency);

    /// <summary>An amount in major units (12.345 KWD, 1500 JPY) rounded half away from zero to the currency's minor unit.</summary>
    public static Money FromMajor(decimal amount, string currency)
    {
        var factor = Currencies.Factor(currency);
        return new Money(checked((long)Math.Round(amount * factor, 0, MidpointRounding.AwayFromZero)), currency);
    }

    /// <summary>The price of <paramref name="seconds"/> at <paramref name="hourlyRate"/> (major units per hour), rounded once.</summary>
    public static Money ForTime(long seconds, decimal hourlyRate, string currency) => FromMajor(seconds * hourlyRate / 3600m, currency);

    public static Money operator +(Money a, Money b) => new(checked(a.MinorUnits + SameCurrency(a, b).MinorUnits), a.Currency);

    public static Money operator -(Money a, Money b) => new(checked(a.MinorUnits - SameCurrency(a, b).MinorUnits), a.Currency);

    /// <summary>Multiplies by a quantity given in thousandths (e.g. hours × 1000), rounding half away from zero.</summary>
    public Money MultiplyByThousandths(long thousandths)
    {
        var product = (Int128)MinorUnits * thousandths;
        var rounded = (product + (product >= 0 ? 500 : -500)) / 1000;
        return new Money(checked((long)rounded), Currency);
    }

    /// <summary>The amount in major units, exactly (for charts and arithmetic on rates).</summary>
    public decimal ToMajor() => MinorUnits / (decimal)Currencies.Factor(Currency);

    /// <summary>The amount and its code in a culture (the current one by default): "1,234.56 EUR", "1.234,56 EUR", "1,234 JPY".</summary>
    public string Format(IFormatProvider? culture = null) => $"{FormatNumber(culture, grouped: true)} {Currency}";

    /// <summary>
    /// Just the number with the currency's minor digits, in a culture: "1234.56" or "1234,56" for a
    /// spreadsheet, "1,234.56" with <paramref name="grouped"/>.
    /// </summary>
    public string FormatNumber(IFormatProvider? culture = null, bool grouped = false) =>
        ToMajor().ToString((grouped ? "N" : "F") + Currencies.Exponent(Currency).ToString(CultureInfo.InvariantCulture), culture ?? CultureInfo.CurrentCulture);

    public override string ToString() => Format(CultureInfo.InvariantCulture);

    private static Money SameCurrency(Money a, Money b) => a.Currency == b.Currency
        ? b
        : throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency}.");
}

/// <summary>
/// ISO 4217 currencies in use, with their minor-unit exponent (the digits after the decimal point):
/// 2 for most, 0 for JPY, KRW, CLP and others, 3 for BHD, JOD, KWD, OMR, TND and others.
/// </summary>
public static class Currencies
{
    private static readonly string[] ZeroDecimal = ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"];
    private static readonly string[] ThreeDecimal = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    private static readonly string[] TwoDecimal =
    [
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BMD", "BND", "BOB", "BRL", "BSD", "BTN",
        "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD",
        "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR",
        "KPW", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN",
        "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SBD",
        "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD",
        "TZS", "UAH", "USD", "UYU", "UZS", "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
    ];

    private static readonly Dictionary<string, int> Exponents = ZeroDecimal.Select(c => (c, 0))
        .Concat(TwoDecimal.Select(c => (c, 2)))
        .Concat(ThreeDecimal.Select(c => (c, 3)))
        .ToDictionary(x => x.c, x => x.Item2, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Codes => Exponents.Keys.Order(StringComparer.Ordinal);

    /// <summary>Codes whose minor unit is not a hundredth: what stored amounts must never assume.</summary>
    public static IEnumerable<string> NotCentBased => ZeroDecimal.Concat(ThreeDecimal);

    public static bool IsKnown(string? code) => code is { Length: 3 } && Exponents.ContainsKey(code);

    /// <summary>Digits of the minor unit: 2 for EUR, 0 for JPY, 3 for KWD.</summary>
    public static int Exponent(string code) => Exponents.TryGetValue(code, out var d)
        ? d
        : throw new ArgumentException($"Unknown currency code '{code}'.", nameof(code));

    /// <summary>Minor units per major unit: 100 for EUR, 1 for JPY, 1000 for KWD.</summary>
    public static long Factor(string code) => Exponent(code) switch
    {
        0 => 1,
        2 => 100,
        3 => 1000,
        var e => (long)Math.Pow(10, e),
    };
}
