using System.Net;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Projects.Domain;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Projects;

/// <summary>Helpers that drive projects over HTTP the way members' and contacts' browsers do.</summary>
public static partial class ProjectsApp
{
    public static async Task<Guid> CreateProjectAsync(Browser browser, Guid clientId, string name, string? code = null)
    {
        var response = await browser.PostFormAsync("/projects/new", new()
        {
            ["Input.ClientId"] = clientId.ToString(),
            ["Input.Name"] = name,
            ["Input.Code"] = code ?? "",
            ["Input.Status"] = "Active",
            ["Input.Billable"] = "true",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Creating {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return CrmApp.IdIn(response);
    }

    public static Task<List<BoardColumn>> ColumnsAsync(AppFactory app, TestTeam team, Guid projectId) => app.WithScopeAsync(async sp =>
        await sp.GetRequiredService<AppDbContext>().Set<Board>().Where(b => b.ProjectId == projectId).SelectMany(b => b.Columns).OrderBy(c => c.Position).ToListAsync(), team.Tenant);

    /// <summary>Tasks per column, in board order, as titles.</summary>
    public static Task<Dictionary<Guid, List<string>>> BoardAsync(AppFactory app, TestTeam team, Guid projectId) => app.WithScopeAsync(async sp =>
    {
        var tasks = await sp.GetRequiredService<AppDbContext>().Set<ProjectTask>().Where(t => t.ProjectId == projectId).OrderBy(t => t.Position).ToListAsync();
        return tasks.GroupBy(t => t.ColumnId).ToDictionary(g => g.Key, g => g.Select(t => t.Title).ToList());
    }, team.Tenant);

    public static Task<List<ProjectTask>> TasksAsync(AppFactory app, TestTeam team, Guid projectId) => app.WithScopeAsync(async sp =>
        await sp.GetRequiredService<AppDbContext>().Set<ProjectTask>().Where(t => t.ProjectId == projectId).OrderBy(t => t.ColumnId).ThenBy(t => t.Position).ToListAsync(), team.Tenant);

    public static async Task<Guid> AddTaskAsync(AppFactory app, TestTeam team, Browser browser, Guid projectId, Guid columnId, string title)
    {
        var response = await browser.PostFormAsync($"/projects/{projectId}?handler=AddTask", new() { ["columnId"] = columnId.ToString(), ["title"] = title }, $"/projects/{projectId}");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Adding {title} answered {(int)response.StatusCode}");
        return (await TasksAsync(app, team, projectId)).Single(t => t.Title == title).Id;
    }

    public static async Task InviteAsync(Browser manager, Guid projectId, Guid contactId, string role = "Viewer")
    {
        var response = await manager.PostFormAsync($"/projects/{projectId}/team?handler=Invite", new() { ["contactId"] = contactId.ToString(), ["role"] = role }, $"/projects/{projectId}/team");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Inviting answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The accept path of the last project invitation mailed to <paramref name="email"/>.</summary>
    public static async Task<string> InvitationLinkAsync(AppFactory app, string email)
    {
        var mail = (await app.OutboxAsync(email)).Last(m => m.TextBody.Contains("/portal/invitations/accept", StringComparison.Ordinal));
        return "/portal/invitations/accept" + AcceptLink().Match(mail.TextBody).Groups["query"].Value;
    }

    /// <summary>Opens the invitation in a fresh browser, sets a password and returns the signed-in browser.</summary>
    public static async Task<Browser> AcceptAsync(AppFactory app, TestTeam team, string email, string name = "Clara Client")
    {
        var link = await InvitationLinkAsync(app, email);
        var browser = app.Browser(team.Host);
        var response = await browser.PostFormAsync(link, new() { ["Input.DisplayName"] = name, ["Input.Password"] = AppFactory.Password }, link);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Accepting answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return browser;
    }

    /// <summary>A team with a client that has a representative contact with an email address.</summary>
    public static async Task<(TestTeam Team, Browser Manager, Guid Client, Guid Contact, string Email)> ClientWithContactAsync(AppFactory app, string clientName = "Acme")
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var client = await CrmApp.CreateClientAsync(manager, clientName, team[TeamRole.OrganizationManager].UserId);
        var email = $"clara.{Guid.NewGuid():N}@{clientName.ToLowerInvariant()}.test";
        var contact = await CrmApp.CreateContactAsync(manager, "Clara", "Client", team[TeamRole.OrganizationManager].UserId, email, client);
        return (team, manager, client, contact, email);
    }

    [GeneratedRegex(@"/portal/invitations/accept(?<query>\?token=[A-Za-z0-9_\-]+)")]
    private static partial Regex AcceptLink();
}
