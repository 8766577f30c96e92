using System.Net;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;

namespace CrmSaaS.Tests.Crm;

/// <summary>Helpers that drive the CRM over HTTP the way a member's browser does.</summary>
public static partial class CrmApp
{
    public static Task<TestTeam> TeamAsync(AppFactory app) => app.CreateTeamAsync("c" + Guid.NewGuid().ToString("N")[..8],
        ("Olivia Org", TeamRole.OrganizationManager), ("Sam Sales", TeamRole.SalesManager), ("Rita Rep", TeamRole.SalesRepresentative), ("Tom Team", TeamRole.TeamMember));

    public static Dictionary<string, string> ClientForm(string name, Guid responsible, string currency = "EUR") => new()
    {
        ["Input.Name"] = name,
        ["Input.Status"] = "Active",
        ["Input.Currency"] = currency,
        ["Input.DocumentLanguage"] = "en",
        ["Input.ResponsibleManagerId"] = responsible.ToString(),
    };

    public static Dictionary<string, string> ContactForm(string first, string last, Guid owner, string? email = null, Guid? client = null) => new()
    {
        ["Input.FirstName"] = first,
        ["Input.LastName"] = last,
        ["Input.Email"] = email ?? "",
        ["Input.OwnerId"] = owner.ToString(),
        ["Input.ClientId"] = client?.ToString() ?? "",
    };

    /// <summary>Creates a client as the signed-in member and returns its id.</summary>
    public static async Task<Guid> CreateClientAsync(Browser browser, string name, Guid responsible)
    {
        var response = await browser.PostFormAsync("/crm/clients/new", ClientForm(name, responsible));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Creating {name} answered {(int)response.StatusCode}");
        return IdIn(response);
    }

    public static async Task<Guid> CreateContactAsync(Browser browser, string first, string last, Guid owner, string? email = null, Guid? client = null)
    {
        var response = await browser.PostFormAsync("/crm/contacts/new", ContactForm(first, last, owner, email, client));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Creating {first} {last} answered {(int)response.StatusCode}");
        return IdIn(response);
    }

    public static Guid IdIn(HttpResponseMessage redirect) => Guid.Parse(GuidPattern().Match(redirect.Headers.Location!.OriginalString).Value);

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();
}
