using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Security;

namespace CrmSaaS.Plugins.Projects;

/// <summary>A project's board and its tasks, as a client contact sees them in the portal.</summary>
public sealed partial class ProjectPortalAddresses : IPortalAddresses
{
    public string? ForTeamPath(string path) => TeamProjectPath().Match(path) is { Success: true } match
        ? $"/portal/projects/{match.Groups["id"].Value}" + (match.Groups["task"].Success ? $"/tasks/{match.Groups["task"].Value}" : "")
        : null;

    [GeneratedRegex("^/projects/(?<id>[0-9a-fA-F-]{36})(?:/tasks/(?<task>[0-9a-fA-F-]{36}))?(?:/[a-z]*)?/?$")]
    private static partial Regex TeamProjectPath();
}
