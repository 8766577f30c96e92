using Coravel.Events.Interfaces;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Plugins.Crm.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Billing.Domain;

/// <summary>The Billing part of the create-client form: how the new client is invoiced.</summary>
public sealed class BillingOnboarding(BillingTerms terms) : IOnboardingContributor
{
    public const string PaymentTermDays = "Billing.PaymentTermDays";
    public const string VatRule = "Billing.VatRule";
    public const string Schedule = "Billing.Schedule";
    public const string Grouping = "Billing.Grouping";
    public const string AutoIssue = "Billing.AutoIssue";
    public const string AutoSend = "Billing.AutoSend";
    public const string BuyerReference = "Billing.BuyerReference";
    /// <summary>The client's representatives become its billing contacts: they receive its invoices and see and pay them in the portal.</summary>
    public const string RepresentativesBill = "Billing.RepresentativesBill";

    public string Title => "Invoicing";

    public string PartialView => "~/Areas/Billing/Pages/Shared/_BillingOnboarding.cshtml";

    public int Order => 30;

    public async Task<IReadOnlyDictionary<string, string>> DefaultsAsync(CancellationToken cancellationToken)
    {
        var profile = await terms.ProfileAsync(cancellationToken);
        return new Dictionary<string, string>
        {
            [PaymentTermDays] = profile.PaymentTermDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [VatRule] = nameof(Domain.VatRule.Standard),
            [Schedule] = nameof(BillingSchedule.Manual),
            [Grouping] = nameof(LineGrouping.Project),
        };
    }
}

/// <summary>
/// Gives every new client its invoice settings, inside the client's creating transaction (form,
/// CSV import and demo alike), from the onboarding choices when there are any and the team's
/// defaults otherwise; a second run finds them and adds nothing.
/// </summary>
public sealed class OnClientCreatedAddBillingSettings(AppDbContext db, BillingTerms terms, ICrmDirectory crm) : IListener<ClientCreated>
{
    public const string Step = "Invoicing";

    public async Task HandleAsync(ClientCreated broadcasted)
    {
        if (await db.Set<ClientBillingSettings>().AnyAsync(s => s.ClientId == broadcasted.ClientId))
        {
            return;
        }

        var profile = await terms.ProfileAsync(CancellationToken.None);
        var settings = new ClientBillingSettings { ClientId = broadcasted.ClientId, PaymentTermDays = profile.PaymentTermDays };
        if (broadcasted.Value(BillingOnboarding.PaymentTermDays) is { } days)
        {
            settings.PaymentTermDays = int.TryParse(days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 365
                ? d
                : throw new OnboardingFailedException(Step, "Payment terms must be 0 to 365 days.");
        }

        settings.VatRule = Choice(broadcasted, BillingOnboarding.VatRule, settings.VatRule);
        settings.Schedule = Choice(broadcasted, BillingOnboarding.Schedule, settings.Schedule);
        settings.Grouping = Choice(broadcasted, BillingOnboarding.Grouping, settings.Grouping);
        settings.AutoIssue = broadcasted.IsOn(BillingOnboarding.AutoIssue);
        settings.AutoSend = settings.AutoIssue && broadcasted.IsOn(BillingOnboarding.AutoSend);
        if (broadcasted.Value(BillingOnboarding.BuyerReference) is { } reference)
        {
            settings.BuyerReference = reference.Trim().Length <= 100 ? reference.Trim() : throw new OnboardingFailedException(Step, "The buyer reference is longer than 100 characters.");
        }

        if (settings.VatRule == VatRule.ReverseCharge && string.IsNullOrWhiteSpace(await crm.Clients.Where(c => c.Id == broadcasted.ClientId).Select(c => c.VatId).SingleAsync()))
        {
            throw new OnboardingFailedException(Step, "Reverse charge needs the client's VAT ID.");
        }

        db.Add(settings);
        if (broadcasted.IsOn(BillingOnboarding.RepresentativesBill))
        {
            var representatives = await crm.Contacts.Where(c => c.ClientId == broadcasted.ClientId && c.IsRepresentative && c.Email != null).Select(c => c.Id).ToListAsync();
            db.AddRange(representatives.Select(id => new ClientBillingContact { ClientId = broadcasted.ClientId, ContactId = id }));
        }

        await db.SaveChangesAsync();
    }

    private static T Choice<T>(ClientCreated broadcasted, string key, T fallback) where T : struct, Enum =>
        broadcasted.Value(key) is not { } value ? fallback
        : Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _) ? parsed
        : throw new OnboardingFailedException(Step, $"Choose one of the listed options for {key}.");
}
