using Coravel.Events.Interfaces;

namespace CrmSaaS.Plugins.Crm.Contracts;

/// <summary>
/// A client was created. Broadcast through Coravel's dispatcher inside the creating transaction:
/// listeners in other plugins (projects, billing, portal) do their onboarding in it, so the client
/// and all of its onboarding are saved together or not at all. Listeners must be idempotent.
/// </summary>
/// <param name="Onboarding">The options chosen on the create-client form, keyed "Plugin.Field".</param>
public sealed record ClientCreated(Guid TenantId, Guid ClientId, Guid CreatedBy, IReadOnlyDictionary<string, string> Onboarding) : IEvent
{
    public bool IsOn(string key) => Onboarding.TryGetValue(key, out var value) && value is "true" or "on";

    public string? Value(string key) => Onboarding.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}

/// <summary>
/// A plugin's part of the create-client form. Its partial renders inputs named
/// <c>Onboarding[Plugin.Field]</c>; the partial's model is the form's current values, defaults included.
/// </summary>
public interface IOnboardingContributor
{
    /// <summary>Heading of the contributor's fieldset (English; the form localizes it).</summary>
    string Title { get; }

    /// <summary>Path of the partial view, e.g. "~/Areas/Projects/Pages/Shared/_Onboarding.cshtml".</summary>
    string PartialView { get; }

    int Order { get; }

    /// <summary>Initial values for the form, e.g. from team settings.</summary>
    Task<IReadOnlyDictionary<string, string>> DefaultsAsync(CancellationToken cancellationToken);
}

/// <summary>Thrown by a listener whose onboarding step cannot be done; the client is not created.</summary>
public sealed class OnboardingFailedException(string step, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Step { get; } = step;
}

/// <summary>
/// Another plugin's records that belong to a client (projects, time, invoices). A client that still
/// has any is not deleted; the user is told what keeps it.
/// </summary>
public interface IClientDependents
{
    /// <summary>What of the client's this plugin keeps, in words ("2 projects"), or null when nothing.</summary>
    Task<string?> DescribeAsync(Guid clientId, CancellationToken cancellationToken);
}
