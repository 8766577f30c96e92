using System.Globalization;

namespace CrmSaaS.Kernel.Common;

/// <summary>An amount in minor units (cents) of an ISO 4217 currency. Never floating point.</summary>
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

    public static Money operator +(Money a, Money b) => new(checked(a.MinorUnits + SameCurrency(a, b).MinorUnits), a.Currency);

    public static Money operator -(Money a, Money b) => new(checked(a.MinorUnits - SameCurrency(a, b).MinorUnits), a.Currency);

    /// <summary>Multiplies by a quantity given in thousandths (e.g. hours × 1000), rounding half away from zero.</summary>
    public Money MultiplyByThousandths(long thousandths)
    {
        var product = (Int128)MinorUnits * thousandths;
        var rounded = (product + (product >= 0 ? 500 : -500)) / 1000;
        return new Money(checked((long)rounded), Currency);
    }

    public string Format(IFormatProvider? culture = null)
    {
        var digits = Currencies.MinorDigits(Currency);
        var major = (decimal)MinorUnits / (decimal)Math.Pow(10, digits);
        var nfi = (NumberFormatInfo)NumberFormatInfo.GetInstance(culture ?? CultureInfo.CurrentCulture).Clone();
        nfi.CurrencySymbol = Currency;
        nfi.CurrencyDecimalDigits = digits;
        return major.ToString("C", nfi);
    }

    public override string ToString() => Format(CultureInfo.InvariantCulture);

    private static Money SameCurrency(Money a, Money b) => a.Currency == b.Currency
        ? b
        : throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency}.");
}

/// <summary>ISO 4217 codes the product accepts, with their minor-unit digits.</summary>
public static class Currencies
{
    private static readonly Dictionary<string, int> Digits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EUR"] = 2, ["USD"] = 2, ["GBP"] = 2, ["CHF"] = 2, ["CAD"] = 2, ["AUD"] = 2, ["NZD"] = 2,
        ["SEK"] = 2, ["NOK"] = 2, ["DKK"] = 2, ["PLN"] = 2, ["CZK"] = 2, ["HUF"] = 2, ["RON"] = 2,
        ["BGN"] = 2, ["TRY"] = 2, ["ILS"] = 2, ["ZAR"] = 2, ["INR"] = 2, ["SGD"] = 2, ["HKD"] = 2,
        ["CNY"] = 2, ["MXN"] = 2, ["BRL"] = 2, ["AED"] = 2, ["JPY"] = 0, ["KRW"] = 0, ["ISK"] = 0,
        ["CLP"] = 0, ["KWD"] = 3, ["BHD"] = 3,
    };

    public static IEnumerable<string> Codes => Digits.Keys.Order(StringComparer.Ordinal);

    public static bool IsKnown(string? code) => code is { Length: 3 } && Digits.ContainsKey(code);

    public static int MinorDigits(string code) => Digits.TryGetValue(code, out var d)
        ? d
        : throw new ArgumentException($"Unknown currency code '{code}'.", nameof(code));
}
