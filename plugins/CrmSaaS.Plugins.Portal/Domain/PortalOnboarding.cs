using Coravel.Events.Interfaces;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Plugins.Projects.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Plugins.Portal.Domain;

/// <summary>The portal part of the create-client form: whether the representatives become the client's admins in the portal.</summary>
public sealed class PortalOnboarding : IOnboardingContributor
{
    /// <summary>The representatives get portal access as client admins (they invite colleagues and choose their roles).</summary>
    public const string RepresentativesAdmin = "Portal.RepresentativesAdmin";

    public string Title => "Client portal";

    public string PartialView => "~/Areas/Portal/Pages/Shared/_PortalOnboarding.cshtml";

    public int Order => 20;

    public Task<IReadOnlyDictionary<string, string>> DefaultsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { [RepresentativesAdmin] = "false" });
}

/// <summary>
/// Makes the new client's representatives (with an email address) its client admins when onboarding
/// asks for it, inside the client's creating transaction. When the onboarding also invites them to
/// the new project, that invitation is the only email they get and the admin role applies once they
/// accept it; otherwise they get a portal invitation. A second run changes nothing.
/// </summary>
public sealed class OnClientCreatedGrantPortal(PortalInvitations invitations, ICrmDirectory crm, Kernel.Data.AppDbContext db) : IListener<ClientCreated>
{
    public async Task HandleAsync(ClientCreated broadcasted)
    {
        if (!broadcasted.IsOn(PortalOnboarding.RepresentativesAdmin))
        {
            return;
        }

        var silent = RepresentativeOnboarding.InvitesRepresentatives(broadcasted);
        var representatives = await crm.Contacts.Where(c => c.ClientId == broadcasted.ClientId && c.IsRepresentative && c.Email != null)
            .OrderBy(c => c.LastName).Select(c => c.Id).ToListAsync();
        foreach (var contactId in representatives)
        {
            await invitations.GrantAsync(contactId, clientAdmin: true, CancellationToken.None, sendInvitation: !silent);
        }

        await db.SaveChangesAsync();
    }
}
