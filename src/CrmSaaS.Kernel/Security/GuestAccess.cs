namespace CrmSaaS.Kernel.Security;

/// <summary>
/// Access to a team that is not a membership: a client contact invited to some of the team's
/// projects. Plugins that grant such access implement this; the host asks every implementation when
/// a user without a membership signs in or makes a request, so revoking the last grant ends access
/// on the next request.
/// </summary>
public interface IGuestAccess
{
    /// <summary>Whether the user holds any grant in the current team.</summary>
    Task<bool> HasAccessAsync(Guid userId, CancellationToken cancellationToken);
}

/// <summary>
/// Permissions of client contacts (no team role). A signed-in client contact holds every permission
/// under this prefix and no other; what they see inside is narrowed per project by the handlers.
/// </summary>
public static class PortalPermissions
{
    public const string Prefix = "portal.";
    public const string Access = "portal.access";
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
