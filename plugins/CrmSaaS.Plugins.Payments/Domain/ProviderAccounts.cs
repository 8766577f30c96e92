using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Payments.Domain;

/// <summary>An account with its secrets readable, for the code that talks to the provider; never for a page.</summary>
public sealed record ProviderCredentials(PaymentProvider Provider, string ApiKey, string WebhookSecret, string? ServerUrl, string? StoreId);

/// <summary>
/// The team's provider accounts. Secrets are encrypted with a Data Protection purpose of their own per
/// team (a key one team's row holds cannot be read as another's) and read back only to call the provider.
/// In TEST MODE a team without an account of a provider pays through the fake one (<see cref="TestMode.PaymentsTestMode"/>).
/// </summary>
public sealed class ProviderAccounts(AppDbContext db, IDataProtectionProvider protection, ITenantContext tenant, TestMode.PaymentsTestMode testMode)
{
    private readonly Dictionary<PaymentProvider, ProviderCredentials?> _read = [];

    private IDataProtector Protector => protection.CreateProtector("CrmSaaS.Payments.ProviderSecrets.v1", (tenant.Tenant ?? throw new InvalidOperationException("Accounts belong to a team.")).Id.ToString());

    public string Protect(string secret) => Protector.Protect(secret);

    /// <summary>The provider account's credentials (read once per scope: a request, a delivery), or null when there is none.</summary>
    public async Task<ProviderCredentials?> CredentialsAsync(PaymentProvider provider, CancellationToken cancellationToken)
    {
        if (!_read.TryGetValue(provider, out var credentials))
        {
            _read[provider] = credentials = await ReadAsync(provider, cancellationToken);
        }

        return credentials;
    }

    private async Task<ProviderCredentials?> ReadAsync(PaymentProvider provider, CancellationToken cancellationToken)
    {
        var account = await db.Set<ProviderAccount>().AsNoTracking().SingleOrDefaultAsync(a => a.Provider == provider, cancellationToken);
        if (account is null)
        {
            return testMode.Enabled ? testMode.Credentials(tenant.Tenant!.Id, provider) : null;
        }

        try
        {
            return new ProviderCredentials(provider, Protector.Unprotect(account.ProtectedApiKey), Protector.Unprotect(account.ProtectedWebhookSecret), account.ServerUrl, account.StoreId);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The keys that encrypted it are gone (a new key ring): the team connects the account again.
            return null;
        }
    }

    /// <summary>The online providers the team can take payments with now, each with whether it is TEST MODE.</summary>
    public async Task<IReadOnlyDictionary<PaymentProvider, bool>> ReadyAsync(CancellationToken cancellationToken)
    {
        var connected = await db.Set<ProviderAccount>().AsNoTracking().Select(a => a.Provider).ToListAsync(cancellationToken);
        return new[] { PaymentProvider.Stripe, PaymentProvider.BtcPay }.Where(p => connected.Contains(p) || testMode.Enabled).ToDictionary(p => p, p => !connected.Contains(p));
    }
}
