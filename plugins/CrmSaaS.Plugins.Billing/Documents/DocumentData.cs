using CrmSaaS.Plugins.Billing.Domain;

namespace CrmSaaS.Plugins.Billing.Documents;

/// <summary>The buyer as printed: name, address lines, the postal code and city read from the last line when it holds them, country, IDs.</summary>
public sealed record DocumentParty(string Name, IReadOnlyList<string> AddressLines, string? PostalCode, string? City, string Country, string? VatId, string? Email)
{
    /// <summary>Splits a free-text address ("Street 1\n10115 Berlin") into lines and, where it can, postal code and city.</summary>
    public static DocumentParty FromText(string name, string? address, string? country, string? vatId, string? email)
    {
        var lines = (address ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        string? postal = null, city = null;
        if (lines.Count > 0 && System.Text.RegularExpressions.Regex.Match(lines[^1], @"^(?:[A-Z]{1,2}-)?(?<code>\d{4,5}|[A-Z0-9]{2,4} ?[A-Z0-9]{3})\s+(?<city>.+)$") is { Success: true } m)
        {
            postal = m.Groups["code"].Value;
            city = m.Groups["city"].Value;
            lines.RemoveAt(lines.Count - 1);
        }

        return new DocumentParty(name, lines, postal, city, string.IsNullOrWhiteSpace(country) ? "DE" : country.ToUpperInvariant(), vatId, email);
    }
}

/// <summary>The locked rate time priced in another currency was converted with: one <paramref name="From"/> is <paramref name="Rate"/> of the invoice's currency.</summary>
public sealed record DocumentRate(string From, decimal Rate, DateOnly Day, string Source);

/// <summary>The VAT also stated in the tax currency (EUR), with the locked rate.</summary>
public sealed record DocumentTaxCurrency(string Currency, long VatMinor, decimal Rate, DateOnly Day);

public sealed record DocumentLine(int Position, LineKind Kind, string Description, decimal Quantity, decimal UnitPrice, long NetMinor, string VatCategory, decimal VatRate);

/// <summary>Everything an issued document shows, taken once from the invoice and the seller's profile.</summary>
public sealed record DocumentData(
    DocumentKind Kind,
    string Number,
    DateOnly IssueDate,
    DateOnly? DueDate,
    DateOnly? PeriodFrom,
    DateOnly PeriodTo,
    string Currency,
    string Language,
    BillingProfile Seller,
    DocumentParty Buyer,
    string? BuyerReference,
    IReadOnlyList<DocumentLine> Lines,
    InvoiceTotals Totals,
    string? VatNote,
    string? PrecedingNumber,
    DateOnly? PrecedingIssueDate,
    DocumentRate? Fx = null,
    DocumentTaxCurrency? Tax = null)
{
    public bool German => Language == "de";
}
