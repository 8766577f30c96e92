using Mediator;
using Microsoft.AspNetCore.Authorization;

namespace CrmSaaS.Kernel.Security;

/// <summary>
/// On a page model: only users holding the permission reach it. On a mediator message: its
/// handler refuses to run for anyone else, even when sent from outside a page. With an
/// <c>orPermission</c>, either one will do (a contract both a client admin and a team member use).
/// Several attributes must all be met.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequiresPermissionAttribute : AuthorizeAttribute
{
    public const string PolicyPrefix = "permission:";
    public const char Or = '|';

    public RequiresPermissionAttribute(string permission)
        : base(PolicyPrefix + permission)
    {
        Permission = permission;
        AnyOf = [permission];
    }

    public RequiresPermissionAttribute(string permission, string orPermission)
        : base(PolicyPrefix + permission + Or + orPermission)
    {
        Permission = permission;
        AnyOf = [permission, orPermission];
    }

    /// <summary>The first permission named (the one a refusal reports).</summary>
    public string Permission { get; }

    /// <summary>The permissions of which the user needs one.</summary>
    public IReadOnlyList<string> AnyOf { get; }
}

public sealed class PermissionRequirement(string permission) : IAuthorizationRequirement
{
    public string Permission { get; } = permission;

    public IReadOnlyList<string> AnyOf { get; } = permission.Split(RequiresPermissionAttribute.Or);
}

public sealed class PermissionAuthorizationHandler(ICurrentUser user) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (requirement.AnyOf.Any(user.Has))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Turns "permission:x" policy names into a permission requirement, so no policy is registered by hand.</summary>
public sealed class PermissionPolicyProvider(Microsoft.Extensions.Options.IOptions<AuthorizationOptions> options)
    : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(RequiresPermissionAttribute.PolicyPrefix, StringComparison.Ordinal))
        {
            return new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(policyName[RequiresPermissionAttribute.PolicyPrefix.Length..]))
                .Build();
        }

        return await base.GetPolicyAsync(policyName);
    }
}

/// <summary>The same check for mediator messages: a handler never runs for a user without the permission.</summary>
public sealed class PermissionBehavior<TMessage, TResponse>(ICurrentUser user) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly RequiresPermissionAttribute[] Required = typeof(TMessage)
        .GetCustomAttributes(typeof(RequiresPermissionAttribute), inherit: true)
        .Cast<RequiresPermissionAttribute>().ToArray();

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        foreach (var required in Required)
        {
            if (!required.AnyOf.Any(user.Has))
            {
                throw new ForbiddenException(required.Permission);
            }
        }

        return next(message, cancellationToken);
    }
}

/// <summary>
/// On a mediator message: it deliberately needs no permission, because it serves people who are
/// not (yet) members or acts only on the caller's own account: sign-in, sign-up, token links, own
/// password and language. Every other message names its permission with <see cref="RequiresPermissionAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PublicMessageAttribute : Attribute;

/// <summary>Limits POSTs to a sign-in style page (sign-in, invitation accept) per host and client address.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SignInRateLimitedAttribute : Attribute;
