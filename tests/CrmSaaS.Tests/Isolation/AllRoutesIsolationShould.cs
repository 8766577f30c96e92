using System.Net;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CrmSaaS.Tests.Isolation;

/// <summary>
/// Walks every page handler and endpoint the app exposes (from its own endpoint data source, so
/// plugin pages added later are covered without touching this test) and proves that team A's data
/// never reaches anyone outside team A.
/// </summary>
public class AllRoutesIsolationShould(AppFactory app, ITestOutputHelper output) : IClassFixture<AppFactory>
{
    /// <summary>One request the app can answer: a route and, for pages, one handler method.</summary>
    private sealed record Route(string Template, string Method, string? Handler, bool Root, bool AnySite, bool Anonymous,
        IReadOnlyList<(string Name, Type Type)> RouteParameters, IReadOnlyList<(string Name, Type Type)> HandlerParameters, bool Stream = false)
    {
        public bool AddressesEntity => RouteParameters.Concat(HandlerParameters).Any(p => IsId(p.Type));

        public override string ToString() => $"{Method} {Template}{(Handler is null ? "" : "?handler=" + Handler)}";
    }

    private static bool IsId(Type t) => t == typeof(Guid) || t == typeof(Guid?);

    private async Task<List<Route>> RoutesAsync()
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var routes = new List<Route>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var metadata = endpoint.Metadata;
            var template = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var root = metadata.GetMetadata<RootSiteAttribute>() is not null;
            var anySite = metadata.GetMetadata<AnySiteAttribute>() is not null;
            var anonymous = metadata.GetMetadata<IAllowAnonymous>() is not null;
            var routeParameters = endpoint.RoutePattern.Parameters
                .Select(p => (p.Name, p.ParameterPolicies.Any(pp => pp.Content == "guid") ? typeof(Guid) : typeof(string))).ToList();

            if (metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods)
                {
                    routes.Add(new Route(template, handler.HttpMethod.ToUpperInvariant(), handler.Name, root, anySite, anonymous, routeParameters,
                        handler.Parameters.Select(p => (p.Name, p.ParameterType)).ToList()));
                }
            }
            else
            {
                var methods = metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                var stream = metadata.GetMetadata<CrmSaaS.Kernel.Live.LiveStreamEndpointAttribute>() is not null;
                routes.AddRange(methods.Select(m => new Route(template, m, null, root, anySite, anonymous, routeParameters, [], stream)));
            }
        }

        Assert.NotEmpty(routes);
        return routes;
    }

    private static string Url(Route route, Guid? id)
    {
        var path = route.Template;
        foreach (var (name, type) in route.RouteParameters)
        {
            var value = IsId(type) ? (id ?? Guid.NewGuid()).ToString() : "1";
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{" + name + "(:[^}]*)?\\??\\}", value);
        }

        return route.Handler is null ? path : $"{path}?handler={route.Handler}";
    }

    private static Dictionary<string, string> Fields(Route route, Guid? id) => route.HandlerParameters.ToDictionary(
        p => p.Name,
        p => IsId(p.Type) ? (id ?? Guid.NewGuid()).ToString()
            : p.Type.IsEnum ? Enum.GetNames(p.Type)[0]
            : p.Type == typeof(int) || p.Type == typeof(long) || p.Type == typeof(decimal) || p.Type == typeof(decimal?) ? "1"
            : p.Type == typeof(bool) ? "true"
            : p.Type == typeof(DateOnly) || p.Type == typeof(DateOnly?) ? "2026-11-02"
            : "x");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string host, Route route, Guid? id, string? token, string? cookie = null)
    {
        var fields = Fields(route, id);
        var url = Url(route, id);
        HttpRequestMessage request;
        if (route.Method == "GET")
        {
            var query = string.Join("&", fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
            request = new HttpRequestMessage(HttpMethod.Get, $"http://{host}{url}{(query.Length == 0 ? "" : (url.Contains('?') ? "&" : "?") + query)}");
        }
        else
        {
            if (token is not null)
            {
                fields["__RequestVerificationToken"] = token;
            }

            request = new HttpRequestMessage(new HttpMethod(route.Method), $"http://{host}{url}") { Content = new FormUrlEncodedContent(fields) };
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (!route.Stream)
        {
            return await client.SendAsync(request);
        }

        // A live stream stays open: what it sends in its first second is what is checked.
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var opened = new MemoryStream();
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            try
            {
                await (await response.Content.ReadAsStreamAsync()).CopyToAsync(opened, patience.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var answered = new HttpResponseMessage(response.StatusCode) { Content = new ByteArrayContent(opened.ToArray()) };
        foreach (var header in response.Headers)
        {
            answered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Dispose();
        return answered;
    }

    private async Task<(TestTeam A, TestTeam B, List<Guid> AIds, List<string> ASecrets)> TeamsAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var a = await app.CreateTeamAsync("alpha" + suffix, ("Anna", TeamRole.OrganizationManager), ("Arne", TeamRole.SalesRepresentative), ("Alma", TeamRole.TeamMember));
        var b = await app.CreateTeamAsync("bravo" + suffix, ("Bert", TeamRole.OrganizationManager), ("Bea", TeamRole.TeamMember));

        // Give A some of everything the product keeps: an invitation, an audited role change, a reset mail.
        var manager = await app.SignInAsync(a, a[TeamRole.OrganizationManager]);
        await manager.PostFormAsync("/team/invitations", new() { ["Input.Email"] = $"guest@{a.Tenant.Identifier}.test", ["Input.Role"] = "SalesManager" });
        await manager.PostFormAsync("/team/members?handler=Role", new() { ["membershipId"] = a[TeamRole.TeamMember].MembershipId.ToString(), ["role"] = "SalesRepresentative" }, tokenFrom: "/team/members");

        // Every plugin adds its demo data to A, so A owns some of every kind of entity the product has.
        await app.WithScopeAsync(async sp =>
        {
            var members = a.Members.GroupBy(m => m.Role).ToDictionary(g => g.Key, g => g.First().UserId);
            foreach (var role in TeamRoles.All.Where(r => !members.ContainsKey(r)))
            {
                members[role] = a[TeamRole.OrganizationManager].UserId;
            }

            await CrmSaaS.Web.Hosting.DemoSeeder.SeedPluginsAsync(new CrmSaaS.Kernel.Plugins.DemoSeedContext(sp, a.Tenant.Id, members, []));
        }, a.Tenant);

        var ids = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var all = new List<Guid>();
            foreach (var type in db.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
            {
                var set = (IQueryable<ITenantOwned>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(type.ClrType).Invoke(db, null)!;
                var key = type.FindPrimaryKey()!.Properties;
                if (key.Count != 1 || key[0].ClrType != typeof(Guid))
                {
                    continue;
                }

                // Up to 25 of each kind: every kind of entity is covered without thousands of time entries multiplying the walk.
                var rows = await set.IgnoreQueryFilters().Where(e => e.TenantId == a.Tenant.Id).OrderBy(e => e.TenantId).Take(25).ToListAsync();
                all.AddRange(rows.Select(r => (Guid)key[0].PropertyInfo!.GetValue(r)!));
            }

            return all;
        });
        Assert.True(ids.Count >= 6, $"Team A should own several entities, found {ids.Count}");

        // Words only A's data contains: its subdomain and the names and emails of its CRM records.
        var secrets = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var clients = await db.Set<CrmSaaS.Plugins.Crm.Domain.Client>().Select(c => c.Name).ToListAsync();
            var emails = await db.Set<CrmSaaS.Plugins.Crm.Domain.Contact>().Where(c => c.Email != null).Select(c => c.Email!).ToListAsync();
            return clients.Concat(emails).Append(a.Tenant.Identifier).ToList();
        }, a.Tenant);
        Assert.True(secrets.Count > 10, "Team A should have CRM data from the demo seeding");
        return (a, b, ids, secrets);
    }

    [Fact]
    public async Task RefuseAnonymousRequestsToEveryNonPublicTeamRoute()
    {
        var (a, _, _, _) = await TeamsAsync();
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var failures = new List<string>();

        foreach (var route in (await RoutesAsync()).Where(r => !r.Root && !r.Anonymous))
        {
            var response = await SendAsync(client, a.Host, route, null, null);
            var toSignIn = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.StartsWith("/account/signin", StringComparison.Ordinal);
            if (!toSignIn)
            {
                failures.Add($"{route}: {(int)response.StatusCode}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task RefuseAMemberOfAnotherTeamOnEveryTeamRoute()
    {
        var (a, b, _, secrets) = await TeamsAsync();
        var bCookie = await app.AuthCookieAsync(b, b[TeamRole.OrganizationManager]);
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var failures = new List<string>();

        foreach (var route in (await RoutesAsync()).Where(r => !r.Root && !r.Anonymous))
        {
            var response = await SendAsync(client, a.Host, route, null, null, bCookie);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Redirect || secrets.Any(secret => body.Contains(System.Net.WebUtility.HtmlEncode(secret), StringComparison.OrdinalIgnoreCase) || body.Contains(secret, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"{route}: {(int)response.StatusCode}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task AnswerNotFoundForEveryIdOfAnotherTeamAndShowNoneOfItsData()
    {
        var (a, b, aIds, secrets) = await TeamsAsync();
        var bManager = await app.SignInAsync(b, b[TeamRole.OrganizationManager]);
        var token = await bManager.TokenAsync("/");
        var bContact = await PortalContactAsync(b, bManager);
        var contactToken = await bContact.TokenAsync("/portal/projects");
        var routes = (await RoutesAsync()).Where(r => !r.Root).ToList();
        var failures = new List<string>();
        var checkedRequests = 0;

        foreach (var route in routes.Where(r => r.AddressesEntity))
        {
            // Portal pages are walked by B's client contact (B's manager holds no portal permission), the rest by B's manager.
            var (walker, walkerToken) = IsPortal(route) ? (bContact, contactToken) : (bManager, token);
            foreach (var id in aIds)
            {
                var response = await SendAsync(walker.Client, b.Host, route, id, walkerToken);
                var body = await response.Content.ReadAsStringAsync();
                checkedRequests++;
                if (response.StatusCode != HttpStatusCode.NotFound || secrets.Any(secret => body.Contains(System.Net.WebUtility.HtmlEncode(secret), StringComparison.OrdinalIgnoreCase) || body.Contains(secret, StringComparison.OrdinalIgnoreCase)))
                {
                    failures.Add($"{(int)response.StatusCode} {route} with A's id {id}");
                }
            }
        }

        foreach (var route in routes.Where(r => !r.AddressesEntity && r.Method == "GET"))
        {
            var response = await SendAsync(bManager.Client, b.Host, route, null, token);
            var body = await response.Content.ReadAsStringAsync();
            if (secrets.Any(secret => body.Contains(System.Net.WebUtility.HtmlEncode(secret), StringComparison.OrdinalIgnoreCase) || body.Contains(secret, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"{route} shows team A's data");
            }
        }

        output.WriteLine($"{checkedRequests} requests with A's ids over {routes.Count(r => r.AddressesEntity)} routes");
        Assert.True(checkedRequests > 0, "No route addresses an entity; the walk found nothing to check");
        Assert.Empty(failures);
    }

    [Fact]
    public async Task ShowTheContactsOfOneClientNothingOfTheTeamsOtherClientsOnAnyPortalRoute()
    {
        var (a, _, aIds, _) = await TeamsAsync();
        var manager = await app.SignInAsync(a, a[TeamRole.OrganizationManager]);
        // What only the team's other clients own: their names and the emails of their contacts (all from the demo seeding).
        var secrets = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var clients = await db.Set<CrmSaaS.Plugins.Crm.Domain.Client>().Select(c => c.Name).ToListAsync();
            var emails = await db.Set<CrmSaaS.Plugins.Crm.Domain.Contact>().Where(c => c.Email != null).Select(c => c.Email!).ToListAsync();
            return clients.Concat(emails).ToList();
        }, a.Tenant);

        // A new client of the same team with two contacts on its project: a Viewer who receives its
        // invoices (billing contact) and a Collaborator who does not; and its client admin.
        var owner = a[TeamRole.OrganizationManager].UserId;
        var zeta = await Crm.CrmApp.CreateClientAsync(manager, "Zeta Works", owner);
        var project = await Projects.ProjectsApp.CreateProjectAsync(manager, zeta, "Zeta site");
        var walkers = new List<(string Role, Browser Browser)>();
        foreach (var (role, billing) in new[] { ("Viewer", true), ("Collaborator", false) })
        {
            var email = $"{role.ToLowerInvariant()}.{Guid.NewGuid():N}@zeta.test";
            var contact = await Crm.CrmApp.CreateContactAsync(manager, role, "Zeta", owner, email, zeta);
            if (billing)
            {
                await Billing.BillingApp.BillingContactAsync(app, a.Tenant, zeta, contact);
            }

            await Projects.ProjectsApp.InviteAsync(manager, project, contact, role);
            walkers.Add((role, await Projects.ProjectsApp.AcceptAsync(app, a, email, $"{role} Zeta")));
        }

        // A third: the client's admin and a billing contact, on no project, given portal access by the team.
        var adminEmail = $"admin.{Guid.NewGuid():N}@zeta.test";
        var admin = await Crm.CrmApp.CreateContactAsync(manager, "Admin", "Zeta", owner, adminEmail, zeta);
        await Portal.PortalApp.SetRolesAsync(manager, admin, new() { ["Roles.ClientAdmin"] = "true", ["Roles.BillingContact"] = "true" });
        walkers.Add(("Client admin", await Portal.PortalApp.JoinAsync(app, a, adminEmail, "Admin Zeta")));

        var routes = (await RoutesAsync()).Where(IsPortal).ToList();
        var failures = new List<string>();
        var checkedRequests = 0;
        foreach (var (role, walker) in walkers)
        {
            var token = await walker.TokenAsync("/portal");
            foreach (var route in routes)
            {
                foreach (var id in route.AddressesEntity ? aIds.Cast<Guid?>() : [null])
                {
                    var response = await SendAsync(walker.Client, a.Host, route, id, token);
                    var body = await response.Content.ReadAsStringAsync();
                    checkedRequests++;
                    var leaked = secrets.FirstOrDefault(secret => body.Contains(System.Net.WebUtility.HtmlEncode(secret), StringComparison.OrdinalIgnoreCase) || body.Contains(secret, StringComparison.OrdinalIgnoreCase));
                    if (leaked is not null || (id is not null && response.StatusCode != HttpStatusCode.NotFound) || (int)response.StatusCode >= 500)
                    {
                        failures.Add($"{role}: {(int)response.StatusCode} {route}{(id is null ? "" : $" with {id}")}{(leaked is null ? "" : $" shows '{leaked}'")}");
                    }
                }
            }
        }

        output.WriteLine($"{checkedRequests} portal requests by {walkers.Count} contacts over {routes.Count} routes");
        Assert.True(routes.Count(r => r.AddressesEntity) > 3, "The walk found few portal routes that address an entity");
        Assert.Empty(failures);
    }

    private static bool IsPortal(Route route) => route.Template.StartsWith("/portal/", StringComparison.Ordinal) && !route.Anonymous;

    /// <summary>A client contact of team B with portal access to one of B's projects, signed in.</summary>
    private async Task<Browser> PortalContactAsync(TestTeam team, Browser manager)
    {
        var owner = team[TeamRole.OrganizationManager].UserId;
        var client = await Crm.CrmApp.CreateClientAsync(manager, "Bravo client", owner);
        var email = $"contact.{Guid.NewGuid():N}@{team.Tenant.Identifier}.test";
        var contact = await Crm.CrmApp.CreateContactAsync(manager, "Cora", "Contact", owner, email, client);
        var project = await Projects.ProjectsApp.CreateProjectAsync(manager, client, "Bravo project");
        await Projects.ProjectsApp.InviteAsync(manager, project, contact, "Collaborator");
        return await Projects.ProjectsApp.AcceptAsync(app, team, email);
    }

    [Fact]
    public async Task ServeRootRoutesOnlyOnTheRootAndTeamRoutesOnlyOnTeams()
    {
        var (a, _, _, _) = await TeamsAsync();
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var failures = new List<string>();

        var routes = await RoutesAsync();
        foreach (var route in routes.Where(r => !r.AnySite && r.Method == "GET"))
        {
            if (routes.Any(other => other.Template == route.Template && other.Root != route.Root))
            {
                continue; // both sites have their own page at this address, e.g. "/"
            }

            var wrongHost = route.Root ? a.Host : "localhost";
            var response = await SendAsync(client, wrongHost, route, null, null);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"{route} on {wrongHost}: {(int)response.StatusCode}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task RenderAnAntiforgeryTokenInEveryPostForm()
    {
        var (a, _, _, _) = await TeamsAsync();
        var manager = await app.SignInAsync(a, a[TeamRole.OrganizationManager]);
        var anonymousRoot = app.Root();
        var failures = new List<string>();
        var forms = 0;

        foreach (var route in (await RoutesAsync()).Where(r => r.Method == "GET" && r.Handler is null && !r.AddressesEntity && r.RouteParameters.Count == 0 && !r.Stream))
        {
            var browser = route.Root ? anonymousRoot : manager;
            var response = await browser.GetAsync(route.Template);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            foreach (System.Text.RegularExpressions.Match form in System.Text.RegularExpressions.Regex.Matches(html, "<form[^>]*method=\"post\"[^>]*>(.*?)</form>", System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            {
                forms++;
                if (!form.Groups[1].Value.Contains("__RequestVerificationToken", StringComparison.Ordinal))
                {
                    failures.Add($"{route}: {form.Value[..Math.Min(120, form.Value.Length)]}");
                }
            }
        }

        Assert.True(forms > 5, $"Only {forms} forms found");
        Assert.Empty(failures);
    }
}
