using System.ComponentModel.DataAnnotations;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using CrmSaaS.Plugins.Payments.Domain;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Plugins.Payments.Areas.Payments.Pages;

/// <summary>
/// The team's payment providers: connect Stripe (restricted secret key and webhook signing secret) and
/// BTCPay Server (address, store, API key, webhook secret), test the connection, disconnect. Secrets are
/// written once and never shown again.
/// </summary>
[RequiresPermission(PaymentsPermissions.Settings)]
public sealed class SettingsModel(IMediator mediator, AppDbContext db, ITenantContext tenant, TenantUrls urls, CrmSaaS.Plugins.Payments.TestMode.PaymentsTestMode testMode,
    StripeReconcile reconcile, IStringLocalizer<SharedResource> l)
    : PageModel, Kernel.Htmx.IReloadOnInvalid
{
    [BindProperty]
    public StripeInput Stripe { get; set; } = new();

    [BindProperty]
    public BtcPayInput BtcPay { get; set; } = new();

    public IReadOnlyDictionary<PaymentProvider, ProviderAccount> Accounts { get; private set; } = new Dictionary<PaymentProvider, ProviderAccount>();

    /// <summary>Providers not connected are played by TEST MODE's fakes.</summary>
    public bool TestMode => testMode.Enabled;

    public string WebhookUrl(string provider) => urls.ForTeam(tenant.Tenant!.Identifier, $"/payments/webhooks/{provider}");

    public Task OnGetAsync() => ReloadAsync();

    public async Task ReloadAsync() =>
        Accounts = await db.Set<ProviderAccount>().AsNoTracking().ToDictionaryAsync(a => a.Provider, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostStripeAsync(CancellationToken cancellationToken)
    {
        if (!OnlyValid(nameof(Stripe)))
        {
            return Page();
        }

        await mediator.Send(new ConnectStripe(Stripe), cancellationToken);
        TempData["Flash"] = l["Stripe connected. Register the webhook address at Stripe and test the connection."].Value;
        return RedirectToPage("/Settings", new { area = "Payments" });
    }

    public async Task<IActionResult> OnPostBtcPayAsync(CancellationToken cancellationToken)
    {
        if (!OnlyValid(nameof(BtcPay)))
        {
            return Page();
        }

        await mediator.Send(new ConnectBtcPay(BtcPay), cancellationToken);
        TempData["Flash"] = l["BTCPay Server connected. Register the webhook address in the store and test the connection."].Value;
        return RedirectToPage("/Settings", new { area = "Payments" });
    }

    public async Task<IActionResult> OnPostTestAsync(PaymentProvider provider, CancellationToken cancellationToken)
    {
        var works = await mediator.Send(new TestConnection(provider), cancellationToken);
        TempData["Flash"] = works ? l["The connection works."].Value : l["The provider refused the key or could not be reached."].Value;
        return RedirectToPage("/Settings", new { area = "Payments" });
    }

    /// <summary>
    /// Asks Stripe for the last 30 days' events and takes in any that never arrived (an endpoint that was
    /// down or registered late): what the daily job does for three days. Each event is taken in once.
    /// </summary>
    public async Task<IActionResult> OnPostReconcileAsync(CancellationToken cancellationToken)
    {
        ReconcileResult result;
        try
        {
            result = await reconcile.RunAsync(cancellationToken, StripeReconcile.LongestWindow);
        }
        catch (Exception ex) when (ex is global::Stripe.StripeException or HttpRequestException or TaskCanceledException)
        {
            throw new ValidationFailedException("", l["The provider refused the key or could not be reached."]);
        }

        TempData["Flash"] = l["Stripe listed {0} events of the last 30 days; {1} of them had not arrived and are taken in now.", result.Listed, result.Applied].Value;
        return RedirectToPage("/Settings", new { area = "Payments" });
    }

    public async Task<IActionResult> OnPostDisconnectAsync(PaymentProvider provider, CancellationToken cancellationToken)
    {
        await mediator.Send(new Disconnect(provider), cancellationToken);
        TempData["Flash"] = l["Disconnected. Its secrets are deleted."].Value;
        return RedirectToPage("/Settings", new { area = "Payments" });
    }

    /// <summary>Each provider has its own form: the other form's (empty) fields are no part of this post.</summary>
    private bool OnlyValid(string form)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(form + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        return ModelState.IsValid;
    }

    public sealed class StripeInput
    {
        [Required(ErrorMessage = "Enter the secret key.")]
        [RegularExpression("^(rk|sk)_(live|test)_[A-Za-z0-9]{8,240}$", ErrorMessage = "A Stripe secret key starts with rk_live_, rk_test_, sk_live_ or sk_test_.")]
        public string? ApiKey { get; set; }

        [Required(ErrorMessage = "Enter the webhook signing secret.")]
        [RegularExpression("^whsec_[A-Za-z0-9]{8,240}$", ErrorMessage = "A webhook signing secret starts with whsec_.")]
        public string? WebhookSecret { get; set; }
    }

    public sealed class BtcPayInput
    {
        [Required(ErrorMessage = "Enter the server's address.")]
        [Url(ErrorMessage = "Enter an address such as https://btcpay.example.com.")]
        [StringLength(300, ErrorMessage = "Use at most {1} characters.")]
        public string? ServerUrl { get; set; }

        [Required(ErrorMessage = "Enter the store id.")]
        [RegularExpression("^[A-Za-z0-9]{8,100}$", ErrorMessage = "A store id has letters and digits only.")]
        public string? StoreId { get; set; }

        [Required(ErrorMessage = "Enter the API key.")]
        [StringLength(200, MinimumLength = 16, ErrorMessage = "An API key has {2} to {1} characters.")]
        public string? ApiKey { get; set; }

        [Required(ErrorMessage = "Enter the webhook secret.")]
        [StringLength(200, MinimumLength = 8, ErrorMessage = "A webhook secret has {2} to {1} characters.")]
        public string? WebhookSecret { get; set; }
    }

    [RequiresPermission(PaymentsPermissions.Settings)]
    public sealed record ConnectStripe(StripeInput Input) : IRequest;

    [RequiresPermission(PaymentsPermissions.Settings)]
    public sealed record ConnectBtcPay(BtcPayInput Input) : IRequest;

    [RequiresPermission(PaymentsPermissions.Settings)]
    public sealed record TestConnection(PaymentProvider Provider) : IRequest<bool>;

    [RequiresPermission(PaymentsPermissions.Settings)]
    public sealed record Disconnect(PaymentProvider Provider) : IRequest;

    public sealed class Handler(AppDbContext db, ProviderAccounts accounts, IEnumerable<IPaymentProvider> providers, ICurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l)
        : IRequestHandler<ConnectStripe>, IRequestHandler<ConnectBtcPay>, IRequestHandler<TestConnection, bool>, IRequestHandler<Disconnect>
    {
        public async ValueTask<Unit> Handle(ConnectStripe command, CancellationToken cancellationToken)
        {
            await SaveAsync(PaymentProvider.Stripe, command.Input.ApiKey!, command.Input.WebhookSecret!, null, null, cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(ConnectBtcPay command, CancellationToken cancellationToken)
        {
            var input = command.Input;
            if (!Uri.TryCreate(input.ServerUrl, UriKind.Absolute, out var server) || server.Scheme != Uri.UriSchemeHttps)
            {
                throw new ValidationFailedException("BtcPay.ServerUrl", l["Enter an address such as https://btcpay.example.com."]);
            }

            await SaveAsync(PaymentProvider.BtcPay, input.ApiKey!.Trim(), input.WebhookSecret!.Trim(), server.GetLeftPart(UriPartial.Authority), input.StoreId!.Trim(), cancellationToken);
            return Unit.Value;
        }

        public async ValueTask<bool> Handle(TestConnection command, CancellationToken cancellationToken)
        {
            var provider = providers.SingleOrDefault(p => p.Kind == command.Provider && p.IsOnline) ?? throw new NotFoundException("Payment provider");
            var credentials = await accounts.CredentialsAsync(command.Provider, cancellationToken) ?? throw new NotFoundException("Payment provider");
            var works = await provider.TestAsync(credentials, cancellationToken);
            if (works)
            {
                var account = await db.Set<ProviderAccount>().SingleAsync(a => a.Provider == command.Provider, cancellationToken);
                account.VerifiedAt = clock.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(cancellationToken);
            }

            return works;
        }

        public async ValueTask<Unit> Handle(Disconnect command, CancellationToken cancellationToken)
        {
            var account = await db.Set<ProviderAccount>().SingleOrDefaultAsync(a => a.Provider == command.Provider, cancellationToken) ?? throw new NotFoundException("Payment provider");
            db.Remove(account);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        private async Task SaveAsync(PaymentProvider provider, string apiKey, string webhookSecret, string? serverUrl, string? storeId, CancellationToken cancellationToken)
        {
            var account = await db.Set<ProviderAccount>().SingleOrDefaultAsync(a => a.Provider == provider, cancellationToken);
            if (account is null)
            {
                account = new ProviderAccount { Provider = provider };
                db.Add(account);
            }

            account.ProtectedApiKey = accounts.Protect(apiKey.Trim());
            account.ProtectedWebhookSecret = accounts.Protect(webhookSecret.Trim());
            account.ServerUrl = serverUrl;
            account.StoreId = storeId;
            account.ConnectedAt = clock.GetUtcNow().UtcDateTime;
            account.ConnectedBy = user.UserId;
            account.VerifiedAt = null;
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
