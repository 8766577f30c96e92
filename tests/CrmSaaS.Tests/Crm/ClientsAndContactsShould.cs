using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Crm.Domain;
using CrmSaaS.Plugins.Crm.Search;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Crm;

public class ClientsAndContactsShould(AppFactory app) : IClassFixture<AppFactory>
{
    private static void AssertFieldError(string html, string field) =>
        Assert.Matches($"data-valmsg-for=\"{System.Text.RegularExpressions.Regex.Escape(field)}\"[^>]*>[^<]+<", html);

    private Task<int> CountAsync<T>(TestTeam team) where T : class =>
        app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<T>().CountAsync(), team.Tenant);

    [Theory]
    [InlineData("Input.Currency", "XYZ")]
    [InlineData("Input.BillingEmails", "billing@acme.test, not-an-email")]
    [InlineData("Input.Country", "Germany")]
    [InlineData("Input.Website", "acme dot com")]
    [InlineData("Input.Name", "")]
    public async Task RefuseABadClientBesideTheFieldAndSaveNothing(string field, string value)
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var form = CrmApp.ClientForm("Acme", team[TeamRole.OrganizationManager].UserId);
        form[field] = value;

        var response = await manager.PostFormAsync("/crm/clients/new", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        AssertFieldError(await response.Content.ReadAsStringAsync(), field);
        Assert.Equal(0, await CountAsync<Client>(team));
    }

    [Fact]
    public async Task RefuseTooLongFieldsAndKeepWhatWasTyped()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var form = CrmApp.ContactForm(new string('x', 101), "Keepme", team[TeamRole.OrganizationManager].UserId);

        var response = await manager.PostFormAsync("/crm/contacts/new", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        AssertFieldError(html, "Input.FirstName");
        Assert.Contains("value=\"Keepme\"", html);
        Assert.Equal(0, await CountAsync<Contact>(team));
    }

    [Fact]
    public async Task RefuseABadEmailAndADuplicateEmailInTheTeam()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var me = team[TeamRole.OrganizationManager].UserId;
        await CrmApp.CreateContactAsync(manager, "Dora", "Dupe", me, "dora@acme.test");

        var bad = await manager.PostFormAsync("/crm/contacts/new", CrmApp.ContactForm("Bad", "Mail", me, "nope@"));
        var dupe = await manager.PostFormAsync("/crm/contacts/new", CrmApp.ContactForm("Dora", "Again", me, "DORA@acme.test"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        AssertFieldError(await bad.Content.ReadAsStringAsync(), "Input.Email");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, dupe.StatusCode);
        Assert.Contains("already has this email", await dupe.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountAsync<Contact>(team));
    }

    [Fact]
    public async Task ShowAClientWithItsContactsActivitiesAndManagers()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var form = CrmApp.ClientForm("Brightwave", team[TeamRole.SalesManager].UserId, "GBP");
        form["Input.ManagerIds"] = team[TeamRole.SalesRepresentative].UserId.ToString();
        var client = CrmApp.IdIn(await manager.PostFormAsync("/crm/clients/new", form));
        var contact = await CrmApp.CreateContactAsync(manager, "Amelia", "Taylor", team[TeamRole.OrganizationManager].UserId, "amelia@brightwave.test", client);
        await manager.PostFormAsync($"/crm/contacts/{contact}?handler=Log", new() { ["Activity.Type"] = "Call", ["Activity.Subject"] = "Discussed the Q3 budget" }, tokenFrom: $"/crm/contacts/{contact}");

        var page = await manager.GetStringAsync($"/crm/clients/{client}");

        Assert.Contains("Brightwave", page);
        Assert.Contains("GBP", page);
        Assert.Contains("Amelia Taylor", page);
        Assert.Contains("Sam Sales", page);
        Assert.Contains("Rita Rep", page);
        Assert.Contains("Discussed the Q3 budget", page);
        var rita = await app.SignInAsync(team, team[TeamRole.SalesRepresentative]);
        Assert.Contains("Brightwave", await rita.GetStringAsync("/crm/clients?Mine=true"));
        Assert.DoesNotContain("Brightwave", await (await app.SignInAsync(team, team[TeamRole.TeamMember])).GetStringAsync("/crm/clients?Mine=true"));
    }

    [Fact]
    public async Task FindContactsByAnyPartOfTheirNameEmailPhoneOrCompany()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var me = team[TeamRole.OrganizationManager].UserId;
        var client = await CrmApp.CreateClientAsync(manager, "Nordlicht Reisen", me);
        var form = CrmApp.ContactForm("Jürgen", "Müller-Lüdenscheidt", me, "j.mueller@nordlicht.test", client);
        form["Input.Phone"] = "+49 30 1234567";
        await manager.PostFormAsync("/crm/contacts/new", form);
        await CrmApp.CreateContactAsync(manager, "Anna", "Schmidt", me, "anna@other.test");

        async Task<string> Rows(string q) { var html = await manager.GetStringAsync("/crm/contacts?Search=" + Uri.EscapeDataString(q)); return html[html.IndexOf("id=\"contacts\"", StringComparison.Ordinal)..]; }

        foreach (var query in new[] { "mül", "MUL", "lüden", "jur", "nordl", "j.mueller", "nordlicht.test", "1234567", "jürgen müller" })
        {
            var rows = await Rows(query);
            Assert.True(rows.Contains("Müller-Lüdenscheidt", StringComparison.Ordinal), $"'{query}' should find Müller-Lüdenscheidt");
            Assert.DoesNotContain("Schmidt", rows);
        }

        Assert.Contains("No contacts match", await Rows("jürgen schmidt"));
        // A domain is one term: it finds that domain's people, not everyone whose email ends in ".test".
        Assert.Contains("Schmidt", await Rows("other.test"));
        Assert.DoesNotContain("Müller", await Rows("other.test"));
        Assert.Contains("No contacts match", await Rows("elsewhere.test"));
        Assert.Contains("Schmidt", await Rows("an"));
    }

    [Fact]
    public async Task SearchAndSortNamesBytewiseWhateverTheDatabasesCollation()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var me = team[TeamRole.OrganizationManager].UserId;
        await CrmApp.CreateContactAsync(manager, "Bob", "Meierhof", me);
        await CrmApp.CreateContactAsync(manager, "Zoe", "Meier", me);
        await CrmApp.CreateContactAsync(manager, "Jan", "Punkt", me, "j.mueller@punkt.test");

        async Task<string> Rows(string q) { var html = await manager.GetStringAsync("/crm/contacts?Sort=name&Search=" + Uri.EscapeDataString(q)); return html[html.IndexOf("id=\"contacts\"", StringComparison.Ordinal)..]; }

        // "Meier, Zoe" before "Meierhof, Bob": a linguistic collation, which skips the separator
        // between last and first name, would compare "MeierZoe" with "MeierhofBob".
        var meier = await Rows("meier");
        Assert.True(meier.IndexOf("Meier, Zoe", StringComparison.Ordinal) is >= 0 and var zoe && zoe < meier.IndexOf("Meierhof, Bob", StringComparison.Ordinal), "Meier before Meierhof");
        // A prefix range does not reach across punctuation ("jm" is not "j.mueller").
        Assert.Contains("No contacts match", await Rows("jm"));
        Assert.Contains("Punkt", await Rows("j.mu"));

        if (TestDatabase.IsPostgres)
        {
            // On PostgreSQL the two columns carry the "C" collation, so a server whose default is
            // linguistic (en_US.UTF-8, ICU) compares them the same way.
            var collations = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Database
                .SqlQueryRaw<string>("""SELECT coalesce(collation_name, '') AS "Value" FROM information_schema.columns WHERE table_name = 'CrmContactSearchTokens' AND column_name IN ('Token', 'SortKey')""")
                .ToListAsync());
            Assert.Equal(["C", "C"], collations);
        }
    }

    [Fact]
    public async Task AnswerTheSearchBoxWithJustTheTableForHtmx()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        await CrmApp.CreateContactAsync(manager, "Hanna", "Htmx", team[TeamRole.OrganizationManager].UserId);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/crm/contacts?Search=htm");
        request.Headers.Add("HX-Request", "true");
        var response = await manager.Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("<div id=\"contacts\">", html.Trim());
        Assert.Contains("Htmx, Hanna", html);
        Assert.DoesNotContain("<html", html);
        Assert.Contains("HX-Request", response.Headers.Vary);
    }

    [Fact]
    public async Task SortAndPageContacts()
    {
        var team = await CrmApp.TeamAsync(app);
        var me = team[TeamRole.OrganizationManager].UserId;
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var index = sp.GetRequiredService<ContactSearchIndex>();
            for (var i = 0; i < 30; i++)
            {
                var contact = new Contact { FirstName = "Person", LastName = $"L{i:00}", OwnerId = me, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
                db.Add(contact);
                index.AddNew(contact, null);
            }

            await db.SaveChangesAsync();
        }, team.Tenant);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);

        var first = await manager.GetStringAsync("/crm/contacts?Sort=name");
        var second = await manager.GetStringAsync("/crm/contacts?Sort=name&PageNumber=2");
        var desc = await manager.GetStringAsync("/crm/contacts?Sort=name&Desc=true");
        var searched = await manager.GetStringAsync("/crm/contacts?Search=l2&Sort=name");

        Assert.Contains("L00, Person", first);
        Assert.Contains("L24, Person", first);
        Assert.DoesNotContain("L25, Person", first);
        Assert.Contains("L29, Person", second);
        Assert.DoesNotContain("L00, Person", second);
        Assert.Contains("30 in total", first);
        Assert.True(desc.IndexOf("L29, Person", StringComparison.Ordinal) < desc.IndexOf("L28, Person", StringComparison.Ordinal));
        Assert.Contains("10 in total", searched);
    }

    [Fact]
    public async Task AnswerTheSearchBoxExactlyLikeTheGeneralListQuery()
    {
        var team = await CrmApp.TeamAsync(app);
        var me = team[TeamRole.OrganizationManager].UserId;
        string[] first = ["Anna", "Andreas", "Jürgen", "Mia", "Anja"];
        string[] last = ["Schmidt", "Schmitz", "Müller", "Anders", "Mueller", "Schön"];
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var index = sp.GetRequiredService<ContactSearchIndex>();
            var n = 0;
            foreach (var f in first)
            {
                foreach (var l in last)
                {
                    for (var copy = 0; copy < 2; copy++)
                    {
                        var contact = new Contact { FirstName = f, LastName = l, Email = $"{n++}@{l.ToLowerInvariant()}.test", OwnerId = me, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
                        db.Add(contact);
                        index.AddNew(contact, null);
                    }
                }
            }

            await db.SaveChangesAsync();
        }, team.Tenant);

        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { User = TestPrincipals.Member(me, TeamRole.OrganizationManager, team.Tenant.Id) };
        foreach (var search in new[] { "a", "an", "sch", "mül", "anna sch", "sch anna", "mueller", "schmitz.test", "1@", "anja müll sch", "zzz" })
        {
            foreach (var desc in new[] { false, true })
            {
                for (var pageNumber = 1; pageNumber <= 3; pageNumber++)
                {
                    var query = new CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Contacts.IndexModel.Query { Search = search, Desc = desc, PageNumber = pageNumber, Size = 7 };
                    var (fast, general) = await app.WithScopeAsync(async sp =>
                    {
                        sp.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = http;
                        var page = await sp.GetRequiredService<Mediator.IMediator>().Send(query);
                        var all = await (await CrmSaaS.Plugins.Crm.Areas.Crm.Pages.Contacts.IndexModel.Handler
                            .FilteredAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<ContactSearchIndex>(), query, me, default)).Select(c => c.Id).ToListAsync();
                        return (page, all);
                    }, team.Tenant);

                    Assert.Equal(general.Count, fast.Total);
                    Assert.Equal(general.Skip((fast.Number - 1) * 7).Take(7), fast.Items.Select(r => r.Id));
                }
            }
        }
    }

    [Fact]
    public async Task KeepSearchWordsEqualToTheContactsFieldsThroughEditsRenamesAndDeletes()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var me = team[TeamRole.OrganizationManager].UserId;
        var client = await CrmApp.CreateClientAsync(manager, "Alpha Works", me);
        var contact = await CrmApp.CreateContactAsync(manager, "Erik", "Eriksen", me, "erik@alpha.test", client);
        await CrmApp.CreateContactAsync(manager, "Fay", "Fields", me, null, client);

        await manager.PostFormAsync($"/crm/contacts/{contact}/edit", CrmApp.ContactForm("Erika", "Berg", me, "erika@beta.test", client), tokenFrom: $"/crm/contacts/{contact}/edit");
        await manager.PostFormAsync($"/crm/clients/{client}/edit", CrmApp.ClientForm("Gamma Studio", me), tokenFrom: $"/crm/clients/{client}/edit");

        var mismatches = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var contacts = await db.Set<Contact>().Include(c => c.Client).ToListAsync();
            var tokens = await db.Set<ContactSearchToken>().ToListAsync();
            return contacts.Where(c => !ContactSearchIndex.TokensOf(c, c.Client?.Name).SetEquals(tokens.Where(t => t.ContactId == c.Id).Select(t => t.Token))
                    || tokens.Any(t => t.ContactId == c.Id && t.SortKey != ContactSearchIndex.SortKeyOf(c)))
                .Select(c => c.FullName).ToList();
        }, team.Tenant);

        Assert.Empty(mismatches);
        Assert.Contains("Berg", await manager.GetStringAsync("/crm/contacts?Search=gamma"));
        Assert.Contains("No contacts match", await manager.GetStringAsync("/crm/contacts?Search=alpha"));
    }

    [Fact]
    public async Task LogFollowUpsThatShowOnTheDashboardUntilDone()
    {
        var team = await CrmApp.TeamAsync(app);
        var rita = await app.SignInAsync(team, team[TeamRole.SalesRepresentative]);
        var contact = await CrmApp.CreateContactAsync(rita, "Fiona", "Follow", team[TeamRole.SalesRepresentative].UserId);
        var page = $"/crm/contacts/{contact}";

        var noDue = await rita.PostFormAsync(page + "?handler=Log", new() { ["Activity.Type"] = "FollowUp", ["Activity.Subject"] = "Send offer" }, tokenFrom: page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noDue.StatusCode);
        Assert.Contains("needs a due date", await noDue.Content.ReadAsStringAsync());

        var logged = await rita.PostFormAsync(page + "?handler=Log", new() { ["Activity.Type"] = "FollowUp", ["Activity.Subject"] = "Send offer", ["Activity.DueOn"] = "2026-11-10" }, tokenFrom: page);
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        Assert.Contains("Send offer", await rita.GetStringAsync("/"));

        var id = await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Activity>().Select(a => a.Id).SingleAsync(), team.Tenant);
        await rita.PostFormAsync(page + "?handler=Done", new() { ["activityId"] = id.ToString(), ["done"] = "true" }, tokenFrom: page);
        Assert.DoesNotContain("Send offer", await rita.GetStringAsync("/"));
    }

    [Fact]
    public async Task ExportTheFilteredContactsAsCsv()
    {
        var team = await CrmApp.TeamAsync(app);
        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var me = team[TeamRole.OrganizationManager].UserId;
        var form = CrmApp.ContactForm("Quinn", "Quote", me, "quinn@acme.test");
        form["Input.Notes"] = "ignored";
        form["Input.Position"] = "Head, \"Special\" Projects";
        await manager.PostFormAsync("/crm/contacts/new", form);
        await CrmApp.CreateContactAsync(manager, "Zed", "Other", me);

        var response = await manager.GetAsync("/crm/export/contacts?Search=quinn");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("First name,Last name,Email", csv.TrimStart('\uFEFF'));
        Assert.Contains("Quinn,Quote,quinn@acme.test,,\"Head, \"\"Special\"\" Projects\"", csv);
        Assert.DoesNotContain("Zed", csv);
    }
}
