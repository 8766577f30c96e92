using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CrmSaaS.Tests.Hosting;

/// <summary>
/// Walks every POST handler of every page (read from the app's own endpoints, so new pages join
/// without editing this test) and sends each bound field unparseable, out-of-range and empty values:
/// no answer is a 5xx, nothing in the database changes, and a refusal shows a message.
/// </summary>
public partial class BadInputShould(AppFactory app, ITestOutputHelper output) : IClassFixture<AppFactory>
{
    private sealed record Handler(string Template, string? Name, bool Root, bool Anonymous, IReadOnlyList<string> RouteParameters, IReadOnlyList<(string Key, Type Type)> Fields)
    {
        public bool Portal => Template.StartsWith("/portal/", StringComparison.Ordinal) && !Anonymous;

        public override string ToString() => $"{Template}{(Name is null ? "" : "?handler=" + Name)}";
    }

    [Fact]
    public async Task RefuseEveryUnreadableValueOnEveryFormWithAMessageAndChangeNothing()
    {
        var (manager, contact, root, ids) = await WalkersAsync();
        var handlers = await HandlersAsync("POST");
        var failures = new List<string>();
        var sent = 0;
        var tokens = new Dictionary<Browser, string>();

        foreach (var handler in handlers)
        {
            var walker = handler.Root ? root : handler.Portal ? contact : manager;
            if (!tokens.TryGetValue(walker, out var token))
            {
                tokens[walker] = token = await walker.TokenAsync(handler.Root ? "/signup" : handler.Portal ? "/portal/projects" : "/");
            }

            var path = await PathAsync(walker, handler, ids);
            if (path is null)
            {
                failures.Add($"{handler}: no id of this team opens the page");
                continue;
            }

            foreach (var (key, type) in handler.Fields)
            {
                foreach (var value in BadValues(type))
                {
                    var before = Fingerprint();
                    var response = await walker.PostWithTokenAsync(path, new() { [key] = value }, token);
                    sent++;
                    var body = await response.Content.ReadAsStringAsync();
                    var shown = Shortened(value);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{handler} {key}={shown}: {(int)response.StatusCode}");
                    }
                    else if (Fingerprint() != before)
                    {
                        failures.Add($"{handler} {key}={shown}: changed the database ({(int)response.StatusCode})");
                    }
                    else if (response.StatusCode == HttpStatusCode.UnprocessableEntity && !MessagePattern().IsMatch(body))
                    {
                        failures.Add($"{handler} {key}={shown}: 422 without a message");
                    }
                    else if (response.StatusCode == HttpStatusCode.BadRequest)
                    {
                        failures.Add($"{handler} {key}={shown}: 400 (antiforgery or binding) instead of a message");
                    }
                }
            }
        }

        output.WriteLine($"{sent} requests over {handlers.Count} POST handlers");
        failures.ForEach(output.WriteLine);
        Assert.True(handlers.Count > 30, $"Only {handlers.Count} POST handlers found");
        Assert.Empty(failures);
    }

    [Fact]
    public async Task ShowEveryPageWhateverItsQuerySays()
    {
        var (manager, contact, root, ids) = await WalkersAsync();
        var handlers = await HandlersAsync("GET");
        var failures = new List<string>();
        var sent = 0;
        foreach (var handler in handlers)
        {
            var walker = handler.Root ? root : handler.Portal ? contact : manager;
            var path = await PathAsync(walker, handler, ids);
            if (path is null)
            {
                continue; // a page only some records open (the isolation walk covers every id)
            }

            foreach (var (key, type) in handler.Fields)
            {
                foreach (var value in BadValues(type).Where(v => v.Length < 1000))
                {
                    var response = await walker.GetAsync($"{path}{(path.Contains('?') ? "&" : "?")}{Uri.EscapeDataString(key)}={Uri.EscapeDataString(value)}");
                    sent++;
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{handler} {key}={Shortened(value)}: {(int)response.StatusCode}");
                    }
                }
            }
        }

        output.WriteLine($"{sent} requests over {handlers.Count} GET handlers");
        failures.ForEach(output.WriteLine);
        Assert.True(sent > 50, $"Only {sent} requests sent");
        Assert.Empty(failures);
    }

    /// <summary>A team with some of everything, its manager, a portal contact of its client, and the root site.</summary>
    private async Task<(Browser Manager, Browser Contact, Browser Root, List<Guid> Ids)> WalkersAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var team = await app.CreateTeamAsync("bad" + suffix, ("Bea", TeamRole.OrganizationManager), ("Ben", TeamRole.TeamMember));
        await app.WithScopeAsync(async sp =>
        {
            var members = TeamRoles.All.ToDictionary(r => r, r => team.Members.FirstOrDefault(m => m.Role == r)?.UserId ?? team[TeamRole.OrganizationManager].UserId);
            await CrmSaaS.Web.Hosting.DemoSeeder.SeedPluginsAsync(new CrmSaaS.Kernel.Plugins.DemoSeedContext(sp, team.Tenant.Id, members, []));
        }, team.Tenant);

        var manager = await app.SignInAsync(team, team[TeamRole.OrganizationManager]);
        var clientId = await Crm.CrmApp.CreateClientAsync(manager, "Walk client", team[TeamRole.OrganizationManager].UserId);
        var email = $"walker.{suffix}@bad.test";
        var contactId = await Crm.CrmApp.CreateContactAsync(manager, "Wanda", "Walker", team[TeamRole.OrganizationManager].UserId, email, clientId);
        var projectId = await Projects.ProjectsApp.CreateProjectAsync(manager, clientId, "Walk project");
        await Projects.ProjectsApp.InviteAsync(manager, projectId, contactId, "Collaborator");
        var contact = await Projects.ProjectsApp.AcceptAsync(app, team, email);
        // Wanda receives her client's invoices and is its client admin, so the portal's invoice, pay and people pages are hers to walk.
        await Portal.PortalApp.SetRolesAsync(manager, contactId, new()
        {
            ["Roles.BillingContact"] = "true", ["Roles.ClientAdmin"] = "true", [$"Roles.Projects[{projectId}]"] = "Collaborator",
        });
        var column = (await Projects.ProjectsApp.ColumnsAsync(app, team, projectId))[0];
        var taskId = await Projects.ProjectsApp.AddTaskAsync(app, team, manager, projectId, column.Id, "Walk task");
        var upload = await manager.PostFileAsync("/crm/import", new() { ["Kind"] = "Contacts" }, "CsvFile", "people.csv", "First name,Last name\nIda,Import\n");
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var root = app.Root();

        // An issued invoice of the contact's client, for the portal's invoice pages.
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");
        var drafted = await manager.PostFormAsync("/billing/invoices/new", new() { ["Input.ClientId"] = clientId.ToString(), ["Input.UpTo"] = today });
        var invoice = drafted.Headers.Location!.OriginalString;
        await manager.PostFormAsync(invoice + "?handler=AddLine", new() { ["Line.Kind"] = "Fee", ["Line.Description"] = "Walk fee", ["Line.Quantity"] = "1", ["Line.UnitPrice"] = "10" }, tokenFrom: invoice);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(invoice + "?handler=Issue", [], tokenFrom: invoice)).StatusCode);
        // Part of it paid by card, for the refund page.
        await app.WithScopeAsync(sp =>
        {
            using var actor = SystemActor.Begin(typeof(CrmSaaS.Plugins.Payments.Domain.StripeWebhooks));
            return sp.GetRequiredService<CrmSaaS.Kernel.Data.IUnitOfWork>().RunAsync(ct => sp.GetRequiredService<Mediator.IMediator>().Send(
                new CrmSaaS.Plugins.Billing.Contracts.RecordProviderPayment(Guid.Parse(invoice.Split('/')[^1]), 500, "EUR", "stripe", "pi_walk", DateOnly.Parse(today)), ct).AsTask());
        }, team.Tenant);

        // The walk's own records first: the portal contact's project, its task, its client's invoice, the uploaded batch (and the contact herself).
        var ids = (await IdsAsync(team)).Prepend(Guid.Parse(invoice.Split('/')[^1])).Prepend(taskId).Prepend(projectId).Prepend(Crm.CrmApp.IdIn(upload)).Append(contactId).Distinct().ToList();
        return (manager, contact, root, ids);
    }

    private static string Shortened(string value) => value.Length > 20 ? $"({value.Length} chars)" : $"'{value}'";

    /// <summary>Values no handler may read as something: unparseable, out of range, empty, too long.</summary>
    private static IEnumerable<string> BadValues(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum)
        {
            return ["God", "99", "-1", ""];
        }

        if (t == typeof(bool))
        {
            return ["maybe"];
        }

        if (t == typeof(int) || t == typeof(long) || t == typeof(short))
        {
            return ["abc", "99999999999999999999", ""];
        }

        if (t == typeof(decimal) || t == typeof(double))
        {
            return ["abc", "1,5", "1e400", ""];
        }

        if (t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset))
        {
            return ["garbage", "0001-01-01", "9999-12-31", ""];
        }

        if (t == typeof(TimeOnly) || t == typeof(TimeSpan))
        {
            return ["25:61", "abc"];
        }

        if (t == typeof(Guid))
        {
            return ["not-a-guid", ""];
        }

        if (t == typeof(string))
        {
            return [new string('x', 100_000)];
        }

        return [];
    }

    /// <summary>A path of the handler with route ids of this team for which the page answers (or none needed).</summary>
    private static async Task<string?> PathAsync(Browser walker, Handler handler, IReadOnlyList<Guid> ids)
    {
        string Fill(params Guid?[] values) => handler.RouteParameters.Select((name, i) => (name, i)).Aggregate(handler.Template, (path, p) =>
            Regex.Replace(path, "\\{" + p.name + "(:[^}]*)?\\??\\}", values[Math.Min(p.i, values.Length - 1)]?.ToString() ?? "x"));

        var query = handler.Name is null ? "" : $"?handler={handler.Name}";
        if (handler.RouteParameters.Count == 0)
        {
            return handler.Template + query;
        }

        if (!handler.Template.Contains(":guid", StringComparison.Ordinal))
        {
            return Fill((Guid?)null) + query;
        }

        // A nested route ({id}/tasks/{taskId}, invoices/{id}/refunds/{paymentId}) is tried with the walk's own first records as its parent.
        var parents = handler.RouteParameters.Count > 1 ? ids.Take(4) : [Guid.Empty];
        foreach (var parent in parents)
        {
            foreach (var id in ids)
            {
                var path = handler.RouteParameters.Count > 1 ? Fill(parent, id) : Fill(id);
                var response = await walker.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return path + query;
                }
            }
        }

        return null;
    }

    private async Task<List<Handler>> HandlersAsync(string httpMethod)
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var handlers = new List<Handler>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
            {
                continue;
            }

            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            var template = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var properties = compiled.BoundProperties
                .Select(p => (p.Name, Fields: Leaves(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType, 0).ToList())).ToList();
            foreach (var method in compiled.HandlerMethods.Where(h => h.HttpMethod.Equals(httpMethod, StringComparison.OrdinalIgnoreCase)))
            {
                var parameters = method.Parameters
                    .Where(p => p.ParameterType != typeof(CancellationToken))
                    .SelectMany(p => Leaves(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType, 0));
                handlers.Add(new Handler(template, method.Name, endpoint.Metadata.GetMetadata<RootSiteAttribute>() is not null,
                    endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                    endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList(),
                    PropertiesOf(method, properties).Concat(parameters).DistinctBy(f => f.Key).ToList()));
            }
        }

        return handlers;
    }

    /// <summary>
    /// The page's bound properties a handler reads: all of them for the page's own handler (OnPost), the
    /// property of its name for a named one (OnPostComment reads Comment). A named handler such as
    /// Delete reads none, so sending it a field would only run it.
    /// </summary>
    private static IEnumerable<(string Key, Type Type)> PropertiesOf(HandlerMethodDescriptor method, List<(string Name, List<(string Key, Type Type)> Fields)> properties) =>
        properties.Where(p => method.Name is null || method.HttpMethod.Equals("GET", StringComparison.OrdinalIgnoreCase) || p.Name.Equals(method.Name, StringComparison.OrdinalIgnoreCase)).SelectMany(p => p.Fields);

    /// <summary>The simple fields a bound property or argument reads from the form, by their form names.</summary>
    private static IEnumerable<(string Key, Type Type)> Leaves(string prefix, Type type, int depth)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid) || t == typeof(DateOnly)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(TimeOnly) || t == typeof(TimeSpan))
        {
            yield return (prefix, type);
            yield break;
        }

        if (depth > 1 || typeof(System.Collections.IEnumerable).IsAssignableFrom(t) || typeof(Microsoft.AspNetCore.Http.IFormFile).IsAssignableFrom(t))
        {
            yield break;
        }

        foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            foreach (var leaf in Leaves($"{prefix}.{property.Name}", property.PropertyType, depth + 1))
            {
                yield return leaf;
            }
        }
    }

    private Task<List<Guid>> IdsAsync(TestTeam team) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<CrmSaaS.Kernel.Data.AppDbContext>();
        var all = new List<Guid>();
        foreach (var type in db.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
        {
            var key = type.FindPrimaryKey()!.Properties;
            if (key.Count != 1 || key[0].ClrType != typeof(Guid))
            {
                continue;
            }

            var set = (IQueryable<ITenantOwned>)typeof(Microsoft.EntityFrameworkCore.DbContext).GetMethod(nameof(Microsoft.EntityFrameworkCore.DbContext.Set), Type.EmptyTypes)!
                .MakeGenericMethod(type.ClrType).Invoke(db, null)!;
            var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(set.Take(3));
            all.AddRange(rows.Select(r => (Guid)key[0].PropertyInfo!.GetValue(r)!));
        }

        return all;
    }, team.Tenant);

    /// <summary>A hash of every row of every table, read straight from the database (the SQLite file, or the app's PostgreSQL database).</summary>
    private string Fingerprint()
    {
        if (TestDatabase.IsPostgres)
        {
            return PostgresFingerprint();
        }

        using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "crmsaas.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            using var reader = select.ExecuteReader();
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(table));
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) + "|"));
                }
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>On PostgreSQL: each table's rows as text in a fixed order, hashed by the server, then all together.</summary>
    private string PostgresFingerprint()
    {
        using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionStringFor(app.DataDirectory) + ";Pooling=false");
        connection.Open();
        var tables = new List<string>();
        using (var list = new Npgsql.NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name", connection))
        using (var reader = list.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var hashes = tables.Select(table =>
        {
            using var select = new Npgsql.NpgsqlCommand($"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t", connection);
            return table + ":" + (string)select.ExecuteScalar()!;
        });
        return string.Join(",", hashes);
    }

    [GeneratedRegex("field-validation-error|data-unshown-errors|validation-summary-errors", RegexOptions.None)]
    private static partial Regex MessagePattern();
}
