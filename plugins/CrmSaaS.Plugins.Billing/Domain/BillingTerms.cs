using CrmSaaS.Kernel.Common;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>
/// What an invoice of this team starts from: the seller's profile (or defaults from the team until one
/// is saved), a client's settings, the VAT a client's rule means, and today's date in the team's time zone.
/// </summary>
public sealed class BillingTerms(AppDbContext db, ITenantContext tenant, TimeProvider clock)
{
    public async Task<BillingProfile> ProfileAsync(CancellationToken cancellationToken) =>
        await db.Set<BillingProfile>().AsNoTracking().SingleOrDefaultAsync(cancellationToken)
        ?? new BillingProfile { LegalName = tenant.Tenant?.Name ?? "" };

    public async Task<ClientBillingSettings> SettingsAsync(Guid clientId, CancellationToken cancellationToken) =>
        await db.Set<ClientBillingSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.ClientId == clientId, cancellationToken)
        ?? new ClientBillingSettings { ClientId = clientId };

    public async Task<TimeZoneInfo> TeamZoneAsync(CancellationToken cancellationToken)
    {
        var id = tenant.Tenant?.Id ?? throw new InvalidOperationException("Billing belongs to a team.");
        return TimeZoneIds.Find(await db.Tenants.Where(t => t.Id == id).Select(t => t.TimeZone).SingleAsync(cancellationToken));
    }

    /// <summary>Today in the team's time zone: the issue date of what is issued now, the day dues are measured from.</summary>
    public async Task<DateOnly> TodayAsync(CancellationToken cancellationToken) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, await TeamZoneAsync(cancellationToken)));

    /// <summary>The VAT category, rate and printed note a client's rule means under this profile, in the document's language.</summary>
    public static (VatTreatment Vat, string? Note) Vat(VatRule rule, BillingProfile profile, string language)
    {
        var de = language == "de";
        return rule switch
        {
            VatRule.ReverseCharge => (new VatTreatment("AE", 0m), de ? "Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)." : "Reverse charge: VAT is payable by the recipient."),
            VatRule.Exempt => (new VatTreatment("E", 0m), de ? "Steuerfreie Leistung." : "Exempt from VAT."),
            VatRule.NotSubject => (new VatTreatment("O", 0m), de ? "Nicht im Inland steuerbare Leistung." : "Not subject to VAT."),
            _ when profile.SmallBusiness => (new VatTreatment("E", 0m), de ? "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet." : "No VAT is charged under § 19 UStG (small business)."),
            _ => (new VatTreatment("S", profile.VatRate), null),
        };
    }
}
