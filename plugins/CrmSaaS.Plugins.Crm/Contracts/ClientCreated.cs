using Coravel.Events.Interfaces;
using CrmSaaS.Kernel.Events;

namespace CrmSaaS.Plugins.Crm.Contracts;

/// <summary>
/// A client was created — by the form, a CSV import or demo seeding; every path raises it. It is
/// both kinds of event:
/// <list type="bullet">
/// <item><b>In-transaction</b>: Coravel <see cref="IListener{TEvent}"/>s run inside the creating unit of
/// work (onboarding: a project, a board, invitations), so the client and its onboarding are saved
/// together or not at all. Such listeners must be idempotent.</item>
/// <item><b>Durable integration event</b>: <see cref="IIntegrationEventHandler{TEvent}"/>s run after the
/// commit, retried until they succeed, once each (per-client setup that may follow a moment later,
/// such as invoice settings).</item>
/// </list>
/// </summary>
/// <param name="CreatedBy">The member recorded as the client's creator.</param>
/// <param name="Onboarding">The options chosen on the create-client form or the import, keyed "Plugin.Field".</param>
public sealed record ClientCreated(Guid TenantId, Guid ClientId, Guid CreatedBy, IReadOnlyDictionary<string, string> Onboarding) : IEvent, IIntegrationEvent
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

/// <summary>
/// Thrown by a listener whose onboarding step cannot be done; the client is not created. Any other
/// exception of a listener reaches the creating page as one of these, named after its type.
/// </summary>
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
