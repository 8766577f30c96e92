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

/// <summary>htmx updates get the part they replace, not a whole page to pick it from.</summary>
public class HtmxFragmentsShould(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<(System.Net.HttpStatusCode Status, string Body)> HtmxAsync(Browser browser, HttpMethod method, string path, Dictionary<string, string>? form = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("HX-Request", "true");
        if (form is not null)
        {
            request.Headers.Add("RequestVerificationToken", token);
            request.Content = new FormUrlEncodedContent(form);
        }

        var response = await browser.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/team/members?Search=o", "members")]
    [InlineData("/team/audit", "audit")]
    [InlineData("/crm/clients?Search=a", "clients")]
    [InlineData("/crm/contacts?Search=a", "contacts")]
    [InlineData("/projects?Search=a", "projects")]
    public async Task AnswerAListsSearchWithItsRowsOnly(string path, string id)
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);

        var (status, body) = await HtmxAsync(manager, HttpMethod.Get, path);

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.StartsWith($"<div id=\"{id}\"", body.TrimStart());
        Assert.DoesNotContain("<html", body, StringComparison.Ordinal);
        Assert.Contains("<html", await manager.GetStringAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerAnInvalidFormWithTheFormOnly()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var token = await manager.TokenAsync("/team/invitations");

        var (status, body) = await HtmxAsync(manager, HttpMethod.Post, "/team/invitations", new() { ["Input.Email"] = "not-an-email", ["Input.Role"] = "TeamMember" }, token);

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, status);
        Assert.StartsWith("<form", body.TrimStart());
        Assert.Contains("id=\"invite-form\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", body, StringComparison.Ordinal);
    }
}
