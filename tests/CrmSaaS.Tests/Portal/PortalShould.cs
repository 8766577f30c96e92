using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Live;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Contracts;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Plugins.Time.Domain;
using CrmSaaS.Tests.Crm;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Tests.Payments;
using CrmSaaS.Tests.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Portal;

/// <summary>
/// The client portal over HTTP: a contact's overview, invoices opened to the time they bill, the files
/// as issued, and the live stream, each narrowed to the contact's own client; another client's contact
/// of the same team finds nothing of it.
/// </summary>
public sealed class PortalShould(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>The paying world plus a second client of the same team, "Globex", with its own project and signed-in billing contact.</summary>
    private async Task<(PayingWorld Paying, Browser Other, Guid OtherProject)> TwoClientsAsync()
    {
        var paying = await PaymentsApp.PayingAsync(app, stripe: false);
        var manager = paying.Manager;
        var owner = paying.World.Manager.UserId;
        var globex = await CrmApp.CreateClientAsync(manager, "Globex", owner);
        var email = $"olga.{Guid.NewGuid():N}@globex.test";
        var contact = await CrmApp.CreateContactAsync(manager, "Olga", "Other", owner, email, globex);
        var project = await ProjectsApp.CreateProjectAsync(manager, globex, "Globex rollout");
        await ProjectsApp.InviteAsync(manager, project, contact);
        await CrmSaaS.Tests.Billing.BillingApp.BillingContactAsync(app, paying.World.Team.Tenant, globex, contact);
        return (paying, await ProjectsApp.AcceptAsync(app, paying.World.Team, email, "Olga Other"), project);
    }

    private static Dictionary<string, string> Payment(PayingWorld paying, string amount) => new()
    {
        ["Payment.Amount"] = amount, ["Payment.PaidOn"] = paying.World.Today.ToString("yyyy-MM-dd"), ["Payment.Method"] = "BankTransfer",
    };

    private static async Task<string> NumberAsync(PayingWorld paying) => (await CrmSaaS.Tests.Billing.BillingApp.InvoiceAsync(paying.World, paying.Invoice)).Number!;

    [Fact]
    public async Task LandContactsOnAnOverviewOfWhatIsOpenTheirProjectsAndUpdates()
    {
        var (paying, other, _) = await TwoClientsAsync();
        var number = await NumberAsync(paying);

        var home = await paying.Contact.GetAsync("/");
        Assert.Equal("/portal", home.Headers.Location?.OriginalString);
        var overview = await paying.Contact.GetStringAsync("/portal");
        Assert.Contains(number, overview, StringComparison.Ordinal);
        Assert.Contains($"/portal/invoices/{paying.Invoice}/pay", overview, StringComparison.Ordinal);
        Assert.Contains("Tracked", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("Globex", overview, StringComparison.Ordinal);
        // Time of last month (2.5 h), none yet this November.
        Assert.Contains("0.00 h this month", overview, StringComparison.Ordinal);

        var theirs = await other.GetStringAsync("/portal");
        Assert.Contains("Globex rollout", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain(number, theirs, StringComparison.Ordinal);
        Assert.DoesNotContain("Tracked", theirs, StringComparison.Ordinal);
        Assert.Contains("id=\"portal-nothing-open\"", theirs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAnInvoiceToItsLinesAndTheExactTimeEachLineBills()
    {
        var paying = await PaymentsApp.PayingAsync(app, stripe: false);
        var number = await NumberAsync(paying);

        var page = await paying.Contact.GetStringAsync($"/portal/invoices/{paying.Invoice}");

        Assert.Contains(number, page, StringComparison.Ordinal);
        Assert.Contains("Time entries billed on this line (2)", page, StringComparison.Ordinal);
        Assert.Contains("Work 6", page, StringComparison.Ordinal);
        Assert.Contains("Work 3", page, StringComparison.Ordinal);
        Assert.Contains(">1.00<", page, StringComparison.Ordinal);
        Assert.Contains(">1.50<", page, StringComparison.Ordinal);
        Assert.Contains("Setup", page, StringComparison.Ordinal);
        Assert.Contains("416.50", page, StringComparison.Ordinal);
        Assert.Contains("id=\"portal-no-payments\"", page, StringComparison.Ordinal);
        // The team's own labels and internals stay on the team's side.
        Assert.DoesNotContain("Visible to the client", page, StringComparison.Ordinal);

        var pdf = await paying.Contact.GetAsync($"/portal/invoices/{paying.Invoice}/pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(), 0, 4), StringComparison.Ordinal);
        var xml = await paying.Contact.GetAsync($"/portal/invoices/{paying.Invoice}/xml");
        Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
        Assert.Contains(number, await xml.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The statement of account of the period, for the billing contact.
        var statement = await paying.Contact.GetAsync("/portal/statement.pdf?from=2026-10-01&to=2026-11-30");
        Assert.Equal("application/pdf", statement.Content.Headers.ContentType?.MediaType);
        Assert.Contains(number, CrmSaaS.Tests.Billing.BillingApp.PdfText(await statement.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await paying.Contact.GetAsync("/portal/statement.pdf?from=2026-11-30&to=2026-10-01")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paying.Contact.GetAsync($"/portal/statement.pdf?client={Guid.NewGuid()}")).StatusCode);

        // A payment shows in the invoice's history and lowers what is open.
        var url = $"/billing/invoices/{paying.Invoice}";
        await paying.Manager.PostFormAsync(url + "?handler=Payment", Payment(paying, "100"), tokenFrom: url);
        page = await paying.Contact.GetStringAsync($"/portal/invoices/{paying.Invoice}");
        Assert.Contains("id=\"portal-payments\"", page, StringComparison.Ordinal);
        Assert.Contains("316.50", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowTheClientsBillableTimeByProjectAndPeriodAndExportIt()
    {
        var (paying, other, otherProject) = await TwoClientsAsync();
        var world = paying.World;
        await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
            new EntryInput(world.Project, null, null, null, world.Today.AddDays(-4), TimeSpan.FromMinutes(45), "Internal retro", false), default));
        await world.AsAsync(sp => sp.GetRequiredService<TimeTracking>().LogAsync(world.Manager.UserId,
            new EntryInput(otherProject, null, null, null, world.Today.AddDays(-4), TimeSpan.FromMinutes(30), "Globex setup", true), default));

        // This month (November) has no time yet; October has the two billable entries, not the internal one.
        Assert.Contains("id=\"portal-no-time\"", await paying.Contact.GetStringAsync("/portal/time"), StringComparison.Ordinal);
        var october = await paying.Contact.GetStringAsync("/portal/time?From=2026-10-01&To=2026-10-31");
        Assert.Contains("2.50 h from", october, StringComparison.Ordinal);
        Assert.Contains("Work 6", october, StringComparison.Ordinal);
        Assert.Contains("Work 3", october, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal retro", october, StringComparison.Ordinal);
        Assert.DoesNotContain("Globex", october, StringComparison.Ordinal);
        Assert.Contains("Globex setup", await other.GetStringAsync("/portal/time?From=2026-10-01&To=2026-10-31"), StringComparison.Ordinal);
        // Asking for the other client's project shows nothing of it.
        Assert.DoesNotContain("Globex setup", await paying.Contact.GetStringAsync($"/portal/time?From=2026-10-01&To=2026-10-31&Project={otherProject}"), StringComparison.Ordinal);

        var csv = await paying.Contact.GetAsync("/portal/time.csv?From=2026-10-01&To=2026-10-31");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("Work 6", text, StringComparison.Ordinal);
        Assert.Contains("1.50", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal retro", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await paying.Contact.GetAsync("/portal/time.csv?From=yesterday")).StatusCode);

        var pdf = await paying.Contact.GetAsync("/portal/time.pdf?From=2026-10-01&To=2026-10-31");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var sheet = CrmSaaS.Tests.Billing.BillingApp.PdfText(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Work 6", sheet, StringComparison.Ordinal);
        Assert.Contains("2.50", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal retro", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("Globex", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChartTheHoursPerMonthWhatWasInvoicedAndWhatIsLeftOfTheBudget()
    {
        var (paying, other, _) = await TwoClientsAsync();
        await paying.World.AsAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            (await db.Set<CrmSaaS.Plugins.Projects.Domain.Project>().SingleAsync(p => p.Id == paying.World.Project)).BudgetHours = 10;
            await db.SaveChangesAsync();
        });

        var page = await paying.Contact.GetStringAsync("/portal/analytics");

        // 2.5 billable hours in October; the invoice of 416.50 issued in November; 7.5 of 10 hours left since October.
        Assert.Matches(@"October 2026</th>\s*<td class=""text-end"">2\.50</td>", page);
        Assert.Matches(@"November 2026</th>\s*<td class=""text-end text-nowrap"">[^<]*416\.50[^<]*</td>", page);
        Assert.Matches(@"November 2026</th>\s*<td class=""text-end"">7\.5</td>", page);
        Assert.Contains("data-chart=\"chart-hours\"", page, StringComparison.Ordinal);
        var theirs = await other.GetStringAsync("/portal/analytics");
        Assert.DoesNotContain("Tracked", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain("416.50", theirs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CarryAContactsMessageToTheTeamsProjectPageByEmailAndLive()
    {
        var (paying, other, _) = await TwoClientsAsync();
        var world = paying.World;
        var page = $"/portal/projects/{world.Project}";
        await using var team = await LiveReader.OpenAsync(await app.SignInAsync(world.Team, world.Team[TeamRole.SalesManager]), "/live");
        Assert.Equal("ready", (await team.NextAsync())?.Event);

        var sent = await paying.Contact.PostFormAsync(page + "?handler=Message", new() { ["Message.Text"] = "Can we move the launch to Friday?" }, tokenFrom: page);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("Can we move the launch to Friday?", await paying.Manager.GetStringAsync($"/projects/{world.Project}"), StringComparison.Ordinal);
        Assert.Contains("Can we move the launch to Friday?", await paying.Contact.GetStringAsync(page), StringComparison.Ordinal);
        var mail = (await app.OutboxAsync(world.Manager.Email)).Last();
        Assert.Contains("Can we move the launch to Friday?", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/projects/{world.Project}", mail.TextBody, StringComparison.Ordinal);
        var heard = await team.NextNamedAsync("project");
        Assert.Equal(world.Project.ToString(), heard?.Data);

        // An empty message is refused beside the field; another client's contact cannot write to the project.
        var empty = await paying.Contact.PostFormAsync(page + "?handler=Message", new() { ["Message.Text"] = " " }, tokenFrom: page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("Write your message.", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stranger = await other.PostFormAsync(page + "?handler=Message", new() { ["Message.Text"] = "Hello?" }, tokenFrom: "/portal");
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.DoesNotContain("Hello?", await paying.Manager.GetStringAsync($"/projects/{world.Project}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowInvoicesOnlyToTheClientsBillingContacts()
    {
        var paying = await PaymentsApp.PayingAsync(app, stripe: false);
        var number = await NumberAsync(paying);
        var owner = paying.World.Manager.UserId;
        var email = $"vic.{Guid.NewGuid():N}@acme.test";
        var viewerContact = await CrmApp.CreateContactAsync(paying.Manager, "Vic", "Viewer", owner, email, paying.World.Client);
        await ProjectsApp.InviteAsync(paying.Manager, paying.World.Project, viewerContact);
        var viewer = await ProjectsApp.AcceptAsync(app, paying.World.Team, email, "Vic Viewer");

        // Vic follows the project but does not receive the client's invoices: none of them is his to see or pay.
        Assert.Contains("id=\"not-billing-contact\"", await viewer.GetStringAsync("/portal/invoices"), StringComparison.Ordinal);
        var overview = await viewer.GetStringAsync("/portal");
        Assert.Contains("Tracked", overview, StringComparison.Ordinal);
        Assert.DoesNotContain(number, overview, StringComparison.Ordinal);
        foreach (var path in new[] { $"/portal/invoices/{paying.Invoice}", $"/portal/invoices/{paying.Invoice}/pdf", $"/portal/invoices/{paying.Invoice}/pay", "/portal/statement.pdf" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync(path)).StatusCode);
        }

        // Nor does he hear of its payment: the next thing he hears of is the project's new task.
        await using (var stream = await LiveReader.OpenAsync(viewer, "/portal/live"))
        {
            Assert.Equal("ready", (await stream.NextAsync())?.Event);
            var url = $"/billing/invoices/{paying.Invoice}";
            await paying.Manager.PostFormAsync(url + "?handler=Payment", Payment(paying, "100"), tokenFrom: url);
            var columns = await ProjectsApp.ColumnsAsync(app, paying.World.Team, paying.World.Project);
            await ProjectsApp.AddTaskAsync(app, paying.World.Team, paying.Manager, paying.World.Project, columns[0].Id, "Review");
            var first = await stream.NextAsync();
            Assert.Equal(("project", paying.World.Project.ToString()), (first?.Event, first?.Data));
        }

        // The team sees it on his contact page.
        Assert.Contains("Not a billing contact", await paying.Manager.GetStringAsync($"/crm/contacts/{viewerContact}"), StringComparison.Ordinal);

        // Made a billing contact of the client, he sees and pays them.
        await CrmSaaS.Tests.Billing.BillingApp.BillingContactAsync(app, paying.World.Team.Tenant, paying.World.Client, viewerContact);
        Assert.Contains(number, await viewer.GetStringAsync("/portal/invoices"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/portal/invoices/{paying.Invoice}/pay")).StatusCode);
        Assert.Contains("Billing contact: receives", await paying.Manager.GetStringAsync($"/crm/contacts/{viewerContact}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowAnotherClientsContactNothingOfTheInvoice()
    {
        var (paying, other, _) = await TwoClientsAsync();
        var number = await NumberAsync(paying);

        foreach (var path in new[] { $"/portal/invoices/{paying.Invoice}", $"/portal/invoices/{paying.Invoice}/pdf", $"/portal/invoices/{paying.Invoice}/xml", $"/portal/invoices/{paying.Invoice}/pay" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(path)).StatusCode);
        }

        Assert.DoesNotContain(number, await other.GetStringAsync("/portal/invoices"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/portal/statement.pdf?client={paying.World.Client}")).StatusCode);
        // Team members use the team's pages; the portal's files are not theirs.
        Assert.Equal(HttpStatusCode.Forbidden, (await paying.Manager.GetAsync($"/portal/invoices/{paying.Invoice}/pdf")).StatusCode);
    }

    [Fact]
    public async Task StreamAPaymentToTheClientsContactAndTheTeamButNotToAnotherClient()
    {
        var (paying, other, otherProject) = await TwoClientsAsync();
        var members = paying.World.Team;
        await using var contact = await LiveReader.OpenAsync(paying.Contact, "/portal/live");
        await using var stranger = await LiveReader.OpenAsync(other, "/portal/live");
        await using var sales = await LiveReader.OpenAsync(await app.SignInAsync(members, members[TeamRole.SalesManager]), "/live");
        await using var member = await LiveReader.OpenAsync(await app.SignInAsync(members, members[TeamRole.TeamMember]), "/live");
        await using var recorder = await LiveReader.OpenAsync(paying.Manager, "/live");
        foreach (var stream in new[] { contact, stranger, sales, member, recorder })
        {
            Assert.Equal("ready", (await stream.NextAsync())?.Event);
        }

        var url = $"/billing/invoices/{paying.Invoice}";
        Assert.Equal(HttpStatusCode.Redirect, (await paying.Manager.PostFormAsync(url + "?handler=Payment", Payment(paying, "416.50"), tokenFrom: url)).StatusCode);

        var heard = await contact.NextNamedAsync(BillingLive.Invoice);
        Assert.Equal(paying.Invoice.ToString(), heard?.Data);
        Assert.Equal(paying.Invoice.ToString(), (await sales.NextNamedAsync(BillingLive.Invoice))?.Data);

        // Next a project of the other client changes (a colleague adds a task). The other client's
        // contact hears of that first, never of the invoice; so does a team member without billing
        // rights; the manager who recorded the payment hears neither of their own changes.
        var columns = await ProjectsApp.ColumnsAsync(app, members, otherProject);
        await ProjectsApp.AddTaskAsync(app, members, await app.SignInAsync(members, members[TeamRole.SalesManager]), otherProject, columns[0].Id, "Kick-off");
        foreach (var stream in new[] { stranger, member, recorder })
        {
            var first = await stream.NextAsync();
            Assert.Equal(("project", otherProject.ToString()), (first?.Event, first?.Data));
        }
    }

    [Fact]
    public async Task ResumeAfterTheLastEventSeenWithoutLosingWhatCameMeanwhile()
    {
        var paying = await PaymentsApp.PayingAsync(app, stripe: false);
        var url = $"/billing/invoices/{paying.Invoice}";
        string lastSeen;
        await using (var stream = await LiveReader.OpenAsync(paying.Contact, "/portal/live"))
        {
            await paying.Manager.PostFormAsync(url + "?handler=Payment", Payment(paying, "100"), tokenFrom: url);
            lastSeen = (await stream.NextNamedAsync(BillingLive.Invoice))!.Id!;
        }

        // While the page is away, the rest is paid; on reconnecting it hears of that first.
        await paying.Manager.PostFormAsync(url + "?handler=Payment", Payment(paying, "316.50"), tokenFrom: url);
        await using var resumed = await LiveReader.OpenAsync(paying.Contact, "/portal/live", lastSeen);
        Assert.Equal("ready", (await resumed.NextAsync())?.Event);
        var missed = await resumed.NextAsync(TimeSpan.FromSeconds(2));
        Assert.Equal((BillingLive.Invoice, paying.Invoice.ToString()), (missed?.Event, missed?.Data));
        Assert.NotEqual(lastSeen, missed!.Id);

        // An id from another run of the server cannot be resumed: the page is told to refresh instead.
        await using var stale = await LiveReader.OpenAsync(paying.Contact, "/portal/live", "0000000000-1");
        Assert.Equal("ready", (await stale.NextAsync())?.Event);
        Assert.Equal(LiveStream.Resync, (await stale.NextAsync())?.Event);
    }

    [Fact]
    public async Task KeepEachStreamToItsOwnKindOfUser()
    {
        var paying = await PaymentsApp.PayingAsync(app, stripe: false);

        Assert.Equal(HttpStatusCode.Forbidden, (await paying.Contact.GetAsync("/live")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await paying.Manager.GetAsync("/portal/live")).StatusCode);
        var anonymous = await app.Browser(paying.World.Team.Host).GetAsync("/portal/live");
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }
}
