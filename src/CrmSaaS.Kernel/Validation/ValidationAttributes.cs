using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Common;

namespace CrmSaaS.Kernel.Validation;

/// <summary>An ISO 4217 code the product knows (EUR, USD, …).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CurrencyCodeAttribute : ValidationAttribute
{
    public CurrencyCodeAttribute() => ErrorMessage = "Unknown currency code.";

    public override bool IsValid(object? value) => value is null || (value is string s && (s.Length == 0 || Currencies.IsKnown(s.Trim())));
}

/// <summary>One or more email addresses separated by commas or semicolons, each valid.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EmailListAttribute : ValidationAttribute
{
    private static readonly EmailAddressAttribute Email = new();

    public EmailListAttribute() => ErrorMessage = "Enter valid email addresses, separated by commas.";

    public static IReadOnlyList<string> Split(string? value) =>
        (value ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override bool IsValid(object? value) => value is null || Split(value as string).All(e => Email.IsValid(e) && e.Contains('.', StringComparison.Ordinal));
}
