using Coravel.Events.Interfaces;
using CrmSaaS.Kernel.Events;
using CrmSaaS.Plugins.Crm.Contracts;

namespace CrmSaaS.Plugins.Crm.Domain;

/// <summary>
/// Raises <see cref="ClientCreated"/> for a client just added in the open unit of work: onboarding
/// listeners run now, inside it; the durable event is written with it for handlers after the commit.
/// Every path that creates a client comes through here.
/// </summary>
public sealed class ClientAnnouncer(IDispatcher dispatcher, IIntegrationEvents events)
{
    /// <exception cref="OnboardingFailedException">A listener could not do its step; the unit of work must not commit.</exception>
    public async Task AnnounceAsync(ClientCreated created)
    {
        try
        {
            await dispatcher.Broadcast(created);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OnboardingFailedException)
        {
            throw new OnboardingFailedException(ex.GetType().Name, ex.Message, ex);
        }

        events.Publish(created);
    }
}
