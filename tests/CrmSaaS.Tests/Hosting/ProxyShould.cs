using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Hosting;

/// <summary>
/// Two app instances on one PostgreSQL database, each listening on its own loopback port, behind
/// Debian's Caddy balancing between them round-robin, the way deploy/ runs them. Everything a person
/// does here goes through the proxy, so it lands on both instances: signing in, reading, a live
/// event crossing from one instance to a page held open on the other, a suspension, and the weekly
/// invoice run fired on both at once.
/// </summary>
public sealed class ProxyShould
{
    /// <summary>An instance served by Kestrel on a real port; it counts the requests it answers, by path.</summary>
    private sealed class Instance : AppFactory
    {
        private readonly AppFactory? _shareWith;

        public Instance(int port, AppFactory? shareWith = null)
        {
            _shareWith = shareWith;
            Port = port;
            UseKestrel(port);
        }

        public int Port { get; }

        public ConcurrentBag<string> Served { get; } = [];

        /// <summary>Helpers that sign in on this instance reach it over its port, as a browser on the team's address would.</summary>
        public override Browser Browser(string host) => Via(Port, host, new CookieContainer());

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (_shareWith is not null)
            {
                builder.UseSetting("Database:ConnectionString", TestDatabase.ConnectionStringFor(_shareWith.DataDirectory));
            }

            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new Counting(this)));
        }

        private sealed class Counting(Instance instance) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use(async (context, nextMiddleware) =>
                {
                    instance.Served.Add(context.Request.Path.Value ?? "");
                    await nextMiddleware(context);
                });
                next(app);
            };
        }
    }

    /// <summary>Caddy on a loopback port in front of the instances.</summary>
    private sealed class Caddy : IDisposable
    {
        private readonly Process _process;
        private readonly string _folder;

        private Caddy(Process process, string folder, int port)
        {
            _process = process;
            _folder = folder;
            Port = port;
        }

        public int Port { get; }

        public static async Task<Caddy> StartAsync(params Instance[] upstreams)
        {
            var port = FreePort();
            var folder = Directory.CreateTempSubdirectory("crmsaas-caddy").FullName;
            var config = Path.Combine(folder, "Caddyfile");
            await File.WriteAllTextAsync(config, $$"""
                {
                	admin off
                	auto_https off
                	storage file_system {{folder}}
                }

                http://:{{port}} {
                	bind 127.0.0.1
                	reverse_proxy {{string.Join(" ", upstreams.Select(u => $"127.0.0.1:{u.Port}"))}} {
                		lb_policy round_robin
                		flush_interval -1
                	}
                }
                """);
            var start = new ProcessStartInfo("caddy", ["run", "--config", config, "--adapter", "caddyfile"])
            {
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
                Environment = { ["HOME"] = folder, ["XDG_DATA_HOME"] = folder, ["XDG_CONFIG_HOME"] = folder },
            };
            var output = new ConcurrentQueue<string>();
            var process = new Process { StartInfo = start };
            process.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
            process.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var caddy = new Caddy(process, folder, port);
            for (var i = 0; i < 100; i++)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    return caddy;
                }
                catch (SocketException)
                {
                    Assert.False(process.HasExited, "Caddy stopped at start: " + string.Join("\n", output));
                    await Task.Delay(100);
                }
            }

            caddy.Dispose();
            throw new TimeoutException("Caddy did not start listening");
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }

            _process.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A browser on the team's own address whose connections all go to <paramref name="port"/> (the
    /// proxy, or one instance directly), keeping its cookies in <paramref name="cookies"/>.
    /// </summary>
    private static Browser Via(int port, string host, CookieContainer cookies) => new(new HttpClient(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        CookieContainer = cookies,
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = new Uri($"http://{host}") });

    [Fact]
    public async Task SpreadOneSignedInPersonOverBothInstancesAndKeepThemInStep()
    {
        if (!TestDatabase.IsPostgres)
        {
            // Several instances share a PostgreSQL database (SQLite is the one-machine setup); test.sh runs this there.
            return;
        }

        using var first = new Instance(FreePort());
        first.StartServer();
        var billed = await InstancesShould.WeeklyClientWithTimeAsync(first);
        var team = await first.CreateTeamAsync("px" + Guid.NewGuid().ToString("N")[..6], ("Olga", TeamRole.OrganizationManager), ("Sam", TeamRole.SalesManager));
        using var second = new Instance(FreePort(), shareWith: first);
        second.StartServer();
        using var caddy = await Caddy.StartAsync(first, second);

        // Signing in through the proxy: the form comes from one instance and is posted to the other.
        var cookies = new CookieContainer();
        using var manager = Via(caddy.Port, team.Host, cookies);
        var signIn = await manager.PostFormAsync("/account/signin", new() { ["Input.Email"] = team[TeamRole.OrganizationManager].Email, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var fromMemory = 0;
        for (var i = 0; i < 6; i++)
        {
            var list = await manager.GetAsync("/crm/clients");
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            fromMemory += list.Headers.Age is null ? 0 : 1;
        }

        Assert.Equal(3, first.Served.Count(p => p == "/crm/clients"));
        Assert.Equal(3, second.Served.Count(p => p == "/crm/clients"));
        Assert.True(fromMemory >= 2, $"{fromMemory} of 6 lists came from an instance's memory");
        using var colleague = Via(caddy.Port, team.Host, new CookieContainer());
        Assert.Equal(HttpStatusCode.Redirect, (await colleague.PostFormAsync("/account/signin", new() { ["Input.Email"] = team[TeamRole.SalesManager].Email, ["Input.Password"] = AppFactory.Password })).StatusCode);
        for (var i = 0; i < 4; i++)
        {
            Assert.DoesNotContain("Proxied client", await colleague.GetStringAsync("/crm/clients"));
        }

        var client = await Crm.CrmApp.CreateClientAsync(manager, "Proxied client", team[TeamRole.OrganizationManager].UserId);

        // The lists both instances kept are stale now: the browser that made the change sees it at once
        // on either; another browser as soon as the change was told to the other instance.
        for (var i = 0; i < 4; i++)
        {
            Assert.Contains("Proxied client", await manager.GetStringAsync("/crm/clients"));
        }

        var seen = new List<bool>();
        for (var i = 0; i < 40 && !(seen.Count >= 4 && seen[^4..].All(s => s)); i++)
        {
            seen.Add((await colleague.GetStringAsync("/crm/clients")).Contains("Proxied client", StringComparison.Ordinal));
            await Task.Delay(seen[^1] ? 0 : 50);
        }

        Assert.True(seen.Count >= 4 && seen[^4..].All(s => s), $"the other browser saw the new client in {string.Join(",", seen)}");
        Assert.True(seen.Count <= 12, $"the change took {seen.Count} requests to reach both instances");
        var project = await Projects.ProjectsApp.CreateProjectAsync(manager, client, "Behind the proxy");
        var column = (await Projects.ProjectsApp.ColumnsAsync(first, team, project))[0];

        // A board open through the proxy hears of a task added on the other instance.
        using var watcher = Via(caddy.Port, team.Host, new CookieContainer());
        Assert.Equal(HttpStatusCode.Redirect, (await watcher.PostFormAsync("/account/signin", new() { ["Input.Email"] = team[TeamRole.SalesManager].Email, ["Input.Password"] = AppFactory.Password })).StatusCode);
        var before = (first.Served.Count(p => p == "/live"), second.Served.Count(p => p == "/live"));
        await using (var live = await LiveReader.OpenAsync(watcher, "/live"))
        {
            Assert.Equal("ready", (await live.NextAsync())?.Event);
            var streaming = first.Served.Count(p => p == "/live") > before.Item1 ? first : second;
            var other = streaming == first ? second : first;
            using var direct = Via(other.Port, team.Host, cookies);
            await Projects.ProjectsApp.AddTaskAsync(other, team, direct, project, column.Id, "Added on the other instance");
            var heard = await live.NextNamedAsync("project", TimeSpan.FromSeconds(5));
            Assert.Equal(project.ToString(), heard?.Data);
        }

        // Suspended on one instance: through the proxy, both answer 404 at once.
        await second.WithScopeAsync(async sp =>
        {
            var http = sp.GetRequiredService<IHttpContextAccessor>();
            http.HttpContext = new DefaultHttpContext { User = TestPrincipals.Superadmin() };
            await sp.GetRequiredService<Mediator.IMediator>().Send(new CrmSaaS.Web.Pages.Admin.TeamsModel.SetState(team.Tenant.Id, CrmSaaS.Kernel.Tenancy.TenantState.Suspended));
        });
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 50 && !(answers.Count >= 4 && answers[^4..].All(a => a == HttpStatusCode.NotFound)); i++)
        {
            await Task.Delay(50);
            answers.Add((await manager.GetAsync("/crm/clients")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 4), answers[^4..]);
        Assert.True(answers.Count <= 20, $"The suspension took {answers.Count} requests to reach both instances");
        var suspended = await first.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Tenants.AsNoTracking().SingleAsync(t => t.Id == team.Tenant.Id));
        Assert.Equal(CrmSaaS.Kernel.Tenancy.TenantState.Suspended, suspended.State);

        // The weekly invoice run fired on both instances at once: one invoice per client and period.
        await InstancesShould.FireInvoiceRunOnBothAndFindOneInvoiceAsync(first, second, billed);
    }
}
