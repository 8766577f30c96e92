using CrmSaaS.Kernel.Live;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Kernel.Validation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Kernel.Plugins;

/// <summary>
/// Where a plugin maps minimal-API endpoints (file downloads, server-sent events, webhooks). They
/// answer on team sites only, behind the same tenancy and authentication as pages. Every endpoint
/// names the permission it needs; every unsafe one validates the antiforgery token, except a signed
/// webhook, which is anonymous and instead needs a verified signature.
/// </summary>
public sealed class PluginEndpoints(IEndpointRouteBuilder routes)
{
    /// <summary>The rate limiter policy every webhook endpoint runs under.</summary>
    public const string WebhookRateLimit = "webhooks";

    /// <summary>A GET for members holding <paramref name="permission"/> (a download, an event stream).</summary>
    public RouteHandlerBuilder MapGet(string pattern, Delegate handler, string permission) =>
        routes.MapGet(pattern, handler)
            .RequireAuthorization(RequiresPermissionAttribute.PolicyPrefix + permission)
            .AddEndpointFilter(AnswerDomainExceptionsAsync);

    /// <summary>
    /// A stream of the team's live events (server-sent events) for users holding <paramref name="permission"/>;
    /// <paramref name="audience"/> says, for the signed-in user, which events they hear (null: none
    /// any more, and the stream ends). It is asked again every heartbeat, in a scope of its own, so a
    /// long-open stream holds no database context.
    /// </summary>
    public RouteHandlerBuilder MapLiveStream(string pattern, string permission, Func<IServiceProvider, CancellationToken, Task<ILiveAudience?>> audience) =>
        MapGet(pattern, (HttpContext http, ILiveBus bus, ITenantContext tenant, IServiceScopeFactory scopes) =>
            LiveStream.Serve(http, bus, tenant.Tenant!.Id, async ct =>
            {
                await using var scope = scopes.CreateAsyncScope();
                return await audience(scope.ServiceProvider, ct);
            }), permission).WithMetadata(LiveStreamEndpointAttribute.Instance);

    /// <summary>A POST for members holding <paramref name="permission"/>; the antiforgery token is checked first.</summary>
    public RouteHandlerBuilder MapPost(string pattern, Delegate handler, string permission) =>
        routes.MapPost(pattern, handler)
            .RequireAuthorization(RequiresPermissionAttribute.PolicyPrefix + permission)
            .WithMetadata(AntiforgeryValidatedAttribute.Instance)
            .AddEndpointFilter(ValidateAntiforgeryAsync)
            .AddEndpointFilter(AnswerDomainExceptionsAsync);

    /// <summary>
    /// A webhook a provider POSTs to: anonymous and without antiforgery, so it answers only once
    /// <typeparamref name="TVerifier"/> has verified the signature over the raw body (at most
    /// <paramref name="maxBodyBytes"/>); the handler reads that body from <see cref="WebhookBody"/>.
    /// </summary>
    public RouteHandlerBuilder MapSignedWebhook<TVerifier>(string pattern, Delegate handler, int maxBodyBytes = SignedWebhookAttribute.DefaultMaxBodyBytes)
        where TVerifier : class, IWebhookSignatureVerifier =>
        routes.MapPost(pattern, handler)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithMetadata(new SignedWebhookAttribute(typeof(TVerifier), maxBodyBytes))
            .RequireRateLimiting(WebhookRateLimit)
            .AddEndpointFilter(SignedWebhookFilter.InvokeAsync)
            .AddEndpointFilter(AnswerDomainExceptionsAsync);

    /// <summary>What handlers throw, answered as pages answer it: a broken rule 422 with its messages, 403, 404.</summary>
    private static async ValueTask<object?> AnswerDomainExceptionsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ValidationFailedException invalid)
        {
            return Results.Text(string.Join(" ", invalid.Errors.SelectMany(e => e.Value)), "text/plain; charset=utf-8", statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        catch (ForbiddenException)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (NotFoundException)
        {
            return Results.NotFound();
        }
    }

    private static async ValueTask<object?> ValidateAntiforgeryAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return Results.BadRequest();
        }

        return await next(context);
    }
}

/// <summary>On an endpoint: its unsafe requests are checked for the antiforgery token.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AntiforgeryValidatedAttribute : Attribute
{
    public static readonly AntiforgeryValidatedAttribute Instance = new();
}

/// <summary>On an endpoint: a webhook whose requests <see cref="Verifier"/> must verify.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SignedWebhookAttribute(Type verifier, int maxBodyBytes = SignedWebhookAttribute.DefaultMaxBodyBytes) : Attribute
{
    public const int DefaultMaxBodyBytes = 256 * 1024;

    public Type Verifier { get; } = typeof(IWebhookSignatureVerifier).IsAssignableFrom(verifier)
        ? verifier
        : throw new ArgumentException($"{verifier.Name} is not a webhook signature verifier.", nameof(verifier));

    public int MaxBodyBytes { get; } = maxBodyBytes;
}

/// <summary>Checks that a webhook request comes from whom it claims, for the current team.</summary>
public interface IWebhookSignatureVerifier
{
    /// <summary>True when <paramref name="body"/> carries a valid signature in <paramref name="request"/>'s headers.</summary>
    Task<bool> VerifyAsync(HttpRequest request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}

/// <summary>The raw body of a verified webhook request, exactly as signed.</summary>
public sealed class WebhookBody(byte[] bytes)
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    public string Text => System.Text.Encoding.UTF8.GetString(Bytes.Span);
}

public static class WebhookBodyExtensions
{
    /// <summary>The verified body of the webhook request being handled.</summary>
    public static WebhookBody WebhookBody(this HttpContext http) =>
        http.Features.Get<WebhookBody>() ?? throw new InvalidOperationException("This request did not come through a signed webhook endpoint.");
}

internal static class SignedWebhookFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var signed = http.GetEndpoint()?.Metadata.GetMetadata<SignedWebhookAttribute>()
            ?? throw new InvalidOperationException("A signed webhook endpoint lost its metadata.");
        if (http.Request.ContentLength > signed.MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var body = await ReadAsync(http.Request.Body, signed.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var verifier = (IWebhookSignatureVerifier)ActivatorUtilities.GetServiceOrCreateInstance(http.RequestServices, signed.Verifier);
        if (!await verifier.VerifyAsync(http.Request, body, http.RequestAborted))
        {
            // 400, as the providers expect for a signature that does not verify (they retry, and show it).
            return Results.BadRequest();
        }

        http.Features.Set(new WebhookBody(body));
        return await next(context);
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (whatever Content-Length said).</summary>
    private static async Task<byte[]?> ReadAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
