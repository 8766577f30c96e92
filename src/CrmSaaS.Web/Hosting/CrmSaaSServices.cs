using CrmSaaS.Kernel.Live;
using System.Globalization;
using System.Threading.RateLimiting;
using Coravel;
using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Email;
using CrmSaaS.Kernel.Jobs;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Kernel.Localization;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Web;
using CrmSaaS.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using CrmSaaS.Kernel.Cluster;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Localization;

namespace CrmSaaS.Web.Hosting;

public static class CrmSaaSServices
{
    public static readonly CultureInfo[] SupportedCultures = [new("en"), new("de")];

    public static WebApplicationBuilder AddCrmSaaS(this WebApplicationBuilder builder, IReadOnlyList<IPlugin> plugins)
    {
        var services = builder.Services;
        // Logging:Format=json: one JSON object a line with the scopes (team, request id), for a log collector.
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        builder.AddCrmSaaSTelemetry();
        var config = builder.Configuration;
        var dataDirectory = ResolveDataDirectory(config["Data:Directory"], builder.Environment.ContentRootPath);
        Directory.CreateDirectory(dataDirectory);

        var catalog = new PluginCatalog(plugins);
        services.AddSingleton(catalog);
        services.AddSingleton(catalog.Permissions);
        services.AddSingleton<NavigationLinks>();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddMemoryCache();

        services.AddForwardedHeaders(config);
        services.AddTenancy(config);
        services.AddDatabase(config, dataDirectory);
        services.AddAccounts(config, dataDirectory);
        services.AddWebUi();
        services.AddMail(config, dataDirectory);
        services.AddMediatorForPlugins();
        services.AddScheduler().AddQueue().AddEvents();

        foreach (var plugin in plugins)
        {
            plugin.ConfigureServices(services, config);
        }

        return builder;
    }

    /// <summary>
    /// A relative data directory lives beside the solution when running from source (so
    /// <c>dotnet run --project src/CrmSaaS.Web</c> uses <c>./data</c> at the repository root), else beside the app.
    /// </summary>
    public static string ResolveDataDirectory(string? configured, string contentRoot)
    {
        var directory = string.IsNullOrWhiteSpace(configured) ? "data" : configured;
        if (Path.IsPathRooted(directory))
        {
            return directory;
        }

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CrmSaaS.sln")))
            {
                return Path.Combine(dir.FullName, directory);
            }
        }

        return Path.Combine(contentRoot, directory);
    }

    private static void AddTenancy(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(new HostTenantStrategy(config["Tenancy:RootDomain"] ?? "localhost"));
        services.AddSingleton<TenantContext>();
        services.AddSingleton<ITenantContext>(sp => sp.GetRequiredService<TenantContext>());
        services.AddSingleton<ITenantContextSetter>(sp => sp.GetRequiredService<TenantContext>());
        services.AddSingleton<ITenantStore, CachedTenantStore>();
        services.AddSingleton<MatcherPolicy, SiteMatcherPolicy>();
        services.AddSingleton(sp => new TenantUrls(sp.GetRequiredService<HostTenantStrategy>(), config["Tenancy:PublicUrl"] ?? "http://localhost:5000"));
        services.AddSingleton<TenantJobs>();
        services.AddScoped<JobLeases>();
        services.AddScoped<TeamDeletion>();
        services.AddTransient<DeleteTeamsPastGracePeriod>();
    }

    private static void AddDatabase(this IServiceCollection services, IConfiguration config, string dataDirectory)
    {
        var provider = config["Database:Provider"] ?? "Sqlite";
        var connectionString = config["Database:ConnectionString"];
        if (string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            connectionString = PostgresConnectionString.WithDefaults(connectionString);
        }

        var sqliteSetup = new SqliteConnectionSetup(config.GetValue("Database:SqliteMemoryMapBytes", SqliteConnectionSetup.DefaultMemoryMapBytes));
        services.AddScoped<AuditInterceptor>();
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddSingleton<DataChangeInterceptor>();
        services.AddSingleton(PageCache.FromConfiguration(config));
        services.AddOutputCache(o =>
        {
            o.SizeLimit = config.GetValue("PageCache:SizeMegabytes", 64L) * 1024 * 1024;
            o.MaximumBodySize = 2 * 1024 * 1024;
        });
        services.AddOptions<OutputCacheOptions>().Configure<PageCache>((o, pages) => o.AddPolicy(PageCache.Policy, pages));
        if (string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            // Several instances may share the database: caches and live events fan out through it.
            services.AddSingleton(sp => new PostgresNotifications(connectionString!, sp.GetRequiredService<ILogger<PostgresNotifications>>()));
            services.AddSingleton<IClusterNotifications>(sp => sp.GetRequiredService<PostgresNotifications>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgresNotifications>());
            services.AddSingleton<ClusterLiveBus>();
            services.AddSingleton<ILiveBus>(sp => sp.GetRequiredService<ClusterLiveBus>());
            services.AddSingleton(sp => sp.GetRequiredService<ClusterLiveBus>().Local);
            services.AddSingleton(sp => new DataVersions(sp.GetRequiredService<IClusterNotifications>()));
        }
        else
        {
            services.AddSingleton(new DataVersions());
            services.AddSingleton<IClusterNotifications, InProcessNotifications>();
            services.AddSingleton<InProcessLiveBus>();
            services.AddSingleton<ILiveBus>(sp => sp.GetRequiredService<InProcessLiveBus>());
        }

        services.AddScoped<ILiveUpdates, LiveUpdates>();
        services.AddScoped<AuditTrail>();
        services.AddTransient<DatabaseMaintenance>();
        IntegrationEventServices.Registry(services);
        services.AddScoped<IIntegrationEvents, IntegrationEvents>();
        services.AddSingleton<IntegrationEventSignal>();
        services.AddSingleton<IntegrationEventDispatcher>();
        services.AddHostedService<IntegrationEventPump>();
        services.AddDbContext<AppDbContext>((sp, options) =>
        {
            // Inside an ambient transaction every context shares its connection (and so its transaction).
            var ambient = AmbientTransaction.Current?.Connection;
            if (string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase))
            {
                const string assembly = "CrmSaaS.Migrations.Postgres";
                _ = ambient is null
                    ? options.UseNpgsql(connectionString, o => o.MigrationsAssembly(assembly))
                    : options.UseNpgsql(ambient, o => o.MigrationsAssembly(assembly));
            }
            else
            {
                const string assembly = "CrmSaaS.Migrations.Sqlite";
                var sqlite = string.IsNullOrWhiteSpace(connectionString)
                    ? $"Data Source={Path.Combine(dataDirectory, "crmsaas.db")}"
                    : connectionString;
                _ = ambient is null
                    ? options.UseSqlite(sqlite, o => o.MigrationsAssembly(assembly))
                    : options.UseSqlite(ambient, o => o.MigrationsAssembly(assembly));
                options.AddInterceptors(sqliteSetup);
                // SQLite rebuilds a table to change a column, switching foreign keys off around it
                // (outside the transaction, as SQLite requires); EF warns on every fresh database.
                options.ConfigureWarnings(w => w.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug)));
            }

            // A paged list is counted up to a limit without its ordering (the count is the same); that
            // row-limited, unordered count is deliberate, not the mistake this warning is about.
            options.ConfigureWarnings(w => w.Log((CoreEventId.RowLimitingOperationWithoutOrderByWarning, LogLevel.Debug)));
            options.AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<DataChangeInterceptor>());
        });
    }

    private static void AddAccounts(this IServiceCollection services, IConfiguration config, string dataDirectory)
    {
        // Keys live in the database, so a cookie or form token made by one instance is read by every other.
        services.AddDataProtection()
            .SetApplicationName("CrmSaaS")
            .PersistKeysToDbContext<AppDbContext>();

        services.AddIdentity<AppUser, IdentityRole<Guid>>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(10);
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(2));

        // Served at an https address, plain http is redirected to https (see the pipeline), so every cookie
        // (antiforgery and messages as well, which follow the request's scheme) is Secure; the sign-in cookie always.
        var secureCookies = SecurityHeaders.PublicUrlIsHttps(config) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        services.AddHttpsRedirection(o => o.HttpsPort = config.GetValue("Tenancy:HttpsPort", 443));
        services.Configure<CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.ConfigureApplicationCookie(o =>
        {
            // No Domain: the cookie is host-only, so a sign-in on one team's subdomain counts nowhere else.
            o.Cookie.Name = "crmsaas.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secureCookies;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.LoginPath = "/account/signin";
            o.AccessDeniedPath = "/account/denied";
            o.Events.OnValidatePrincipal = SitePrincipalValidator.ValidateAsync;
            o.Events.OnSigningIn = UserSessions.OnSigningInAsync;
            o.Events.OnRedirectToLogin = SignInRedirects.ToSignInAsync;
            o.Events.OnRedirectToAccessDenied = SignInRedirects.ToAccessDeniedAsync;
        });
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(5);
            o.OnRefreshingPrincipal = UserSessions.OnRefreshingPrincipalAsync;
        });

        services.AddScoped<PasswordSignIn>();
        services.AddScoped<UserSessions>();
        services.AddScoped<SiteAccess>();
        services.AddScoped<GuestContacts>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<TeamMembers>();
        services.AddScoped<CrmSaaS.Kernel.Common.UserTimeZones>();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddScoped<IAuthorizationHandler, PermissionAuthorizationHandler>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        var perMinute = config.GetValue("RateLimits:SignInPerMinute", 10);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Method == HttpMethods.Post && http.GetEndpoint()?.Metadata.GetMetadata<SignInRateLimitedAttribute>() is not null
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        $"{SiteKey(http)}|{http.Connection.RemoteIpAddress}",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(""));
            // Webhooks: per team and sender, generous enough for a provider's bursts.
            o.AddPolicy(PluginEndpoints.WebhookRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                $"{http.RequestServices.GetRequiredService<ITenantContext>().Tenant?.Id}|{http.Connection.RemoteIpAddress}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = config.GetValue("RateLimits:WebhooksPerMinute", 120), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    /// <summary>
    /// The site a request was resolved to (a team by its id, else the root), never the raw Host
    /// header, whose letter case or trailing dot would open a fresh bucket.
    /// </summary>
    private static string SiteKey(HttpContext http) =>
        http.RequestServices.GetRequiredService<ITenantContext>().Tenant?.Id.ToString() ?? "root";

    /// <summary>
    /// Behind a reverse proxy the client's address and scheme come from X-Forwarded-For/-Proto, but
    /// only when the proxy is one configured in <c>Proxy:TrustedProxies</c> (addresses) or
    /// <c>Proxy:TrustedNetworks</c> (CIDR); from anyone else the headers are ignored.
    /// </summary>
    private static void AddForwardedHeaders(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in config.GetSection("Proxy:TrustedProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            foreach (var network in config.GetSection("Proxy:TrustedNetworks").Get<string[]>() ?? [])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }

    private static void AddWebUi(this IServiceCollection services)
    {
        services.AddLocalization();
        // Keep umlauts and other letters readable in the HTML (only markup-significant characters are encoded).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });

        // A global filter, so it also covers the plugins' area pages (page conventions stop at areas).
        services.AddRazorPages()
            .AddMvcOptions(o =>
            {
                // Outermost first: the fragment filter sees the result after domain exceptions became messages.
                o.Filters.Add(new HtmxFragmentPageFilter());
                o.Filters.Add(new DomainExceptionPageFilter());
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((o, localizers) =>
            StrictBinding.AddTo(o, localizers.Create(typeof(SharedResource))));
        services.AddSingleton<CookieTempDataProvider>();
        services.AddSingleton<ITempDataProvider, QuietTempDataProvider>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
    }

    private static void AddMail(this IServiceCollection services, IConfiguration config, string dataDirectory)
    {
        var options = config.GetSection("Smtp").Get<MailOptions>() ?? new MailOptions();
        if (!Path.IsPathRooted(options.PickupDirectory))
        {
            options.PickupDirectory = Path.Combine(dataDirectory, "mail");
        }

        services.AddSingleton(options);
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            services.AddSingleton<IMailTransport, PickupDirectoryMailTransport>();
        }
        else
        {
            services.AddSingleton<IMailTransport, SmtpMailTransport>();
        }

        services.AddScoped<IEmailOutbox, EmailOutbox>();
        services.AddSingleton<OutboxSignal>();
        services.AddTransient<OutboxSender>();
        services.AddHostedService<OutboxPump>();
        services.AddSingleton<CrmSaaS.Kernel.DataExport.ExportSignal>();
        services.AddSingleton<CrmSaaS.Kernel.DataExport.TeamExports>();
        services.AddHostedService<CrmSaaS.Kernel.DataExport.TeamExportPump>();
    }
}
