namespace CrmSaaS.Kernel.Security;

/// <summary>
/// Access to a team that is not a membership: a client contact invited to some of the team's
/// projects, or to its client portal. Plugins that grant such access implement this; the host asks
/// every implementation when a user without a membership signs in or makes a request, so revoking
/// the last grant ends access on the next request.
/// </summary>
public interface IGuestAccess
{
    /// <summary>The client contacts of the current team the user is through this plugin's accepted, unrevoked grants.</summary>
    Task<IReadOnlyList<Guid>> ContactsAsync(Guid userId, CancellationToken cancellationToken);
}

/// <summary>
/// The client contacts the signed-in user is in the current team, by every plugin's grants (a
/// project invitation, portal access), read once per request. What a contact may see of their
/// client's invoices and people starts from these.
/// </summary>
public sealed class GuestContacts(IEnumerable<IGuestAccess> grants, ICurrentUser user)
{
    private (Guid User, IReadOnlyList<Guid> Contacts)? _read;

    public async Task<IReadOnlyList<Guid>> MineAsync(CancellationToken cancellationToken) =>
        user.UserId is { } me ? await OfUserAsync(me, cancellationToken) : [];

    /// <summary>
    /// The user's contacts, read once per request: the sign-in check of a request without a membership
    /// reads them for the user the cookie names, and the pages of that request use the same list.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> OfUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (_read is { } read && read.User == userId)
        {
            return read.Contacts;
        }

        var contacts = await OfAsync(grants, userId, cancellationToken);
        _read = (userId, contacts);
        return contacts;
    }

    public static async Task<IReadOnlyList<Guid>> OfAsync(IEnumerable<IGuestAccess> grants, Guid userId, CancellationToken cancellationToken)
    {
        var contacts = new HashSet<Guid>();
        foreach (var grant in grants)
        {
            contacts.UnionWith(await grant.ContactsAsync(userId, cancellationToken));
        }

        return [.. contacts];
    }
}

/// <summary>
/// Permissions of client contacts (no team role). A signed-in client contact holds every permission
/// under this prefix and no other; what they see inside is narrowed per project by the handlers.
/// </summary>
public static class PortalPermissions
{
    public const string Prefix = "portal.";
    public const string Access = "portal.access";

    /// <summary>
    /// A team member's permission to give contacts portal access and roles (not under the prefix, so
    /// no contact holds it); contracts a client admin and the team both use accept either.
    /// </summary>
    public const string TeamManage = "clientportal.manage";
}

/// <summary>
/// Where a client contact finds, in the portal, what a team page shows (the project they follow, a
/// task of it), so a team link they were sent leads somewhere useful instead of "forbidden".
/// </summary>
public interface IPortalAddresses
{
    /// <summary>The portal path for a team page's path, or null when this plugin has none for it.</summary>
    string? ForTeamPath(string path);
}
