using System.Net;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;

namespace CrmSaaS.Tests.Hosting;

/// <summary>Forms keep what was typed and tie each message to its field for screen readers.</summary>
public partial class FormsShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task KeepAnOverlongValueAndTieItsMessageToTheField()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var client = await CrmApp.CreateClientAsync(manager, "Acme", team[TeamRole.OrganizationManager].UserId);
        var pasted = string.Concat(Enumerable.Repeat("Rebrand ", 30)).Trim();

        var response = await manager.PostFormAsync("/projects/new", new() { ["Input.ClientId"] = client.ToString(), ["Input.Name"] = pasted, ["Input.Status"] = "Active" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var field = NameInput().Match(html).Value;
        Assert.Contains($"value=\"{pasted}\"", field, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", field, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"Input_Name-error\"", field, StringComparison.Ordinal);
        Assert.DoesNotContain(" maxlength=", field, StringComparison.Ordinal);
        Assert.Matches("id=\"Input_Name-error\"[^>]*>Use at most 200 characters\\.<", html);
        // Fields without an error carry neither.
        Assert.DoesNotContain("aria-invalid", CodeInput().Match(html).Value, StringComparison.Ordinal);
    }

    [GeneratedRegex("<input[^>]*name=\"Input.Name\"[^>]*>")]
    private static partial Regex NameInput();

    [GeneratedRegex("<input[^>]*name=\"Input.Code\"[^>]*>")]
    private static partial Regex CodeInput();
}
