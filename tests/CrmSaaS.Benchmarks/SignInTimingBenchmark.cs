using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Benchmarks;

/// <summary>
/// What a refused sign-in costs for each kind of refusal (unknown email, wrong password, locked
/// account): the same, so the answer's timing does not tell whether an account exists.
/// </summary>
public static class SignInTimingBenchmark
{
    public static async Task RunAsync(int iterations)
    {
        await using var app = await BenchmarkApp.StartAsync();
        var (team, manager) = await app.CreateTeamAsync("timing");
        var email = "manager@timing.bench";
        Console.WriteLine($"signin-timing: {iterations} attempts of each kind; {BenchmarkApp.Machine()}");

        async Task<List<double>> MeasureAsync(string address, string password, bool lockFirst)
        {
            var samples = new List<double>();
            for (var i = 0; i < iterations + 3; i++)
            {
                await using var scope = app.Act(team, manager, TeamRole.OrganizationManager);
                var users = scope.Services.GetRequiredService<UserManager<AppUser>>();
                var user = (await users.FindByEmailAsync(email))!;
                await users.ResetAccessFailedCountAsync(user);
                await users.SetLockoutEndDateAsync(user, lockFirst ? app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddMinutes(10) : null);
                var signIn = scope.Services.GetRequiredService<PasswordSignIn>();
                var ms = await BenchmarkApp.TimeAsync(() => signIn.CheckAsync(address, password, _ => Task.FromResult(true)));
                if (i >= 3)
                {
                    samples.Add(ms); // the first attempts warm up
                }
            }

            return samples;
        }

        foreach (var (name, address, password, locked) in new[]
                 {
                     ("unknown email", "nobody@timing.bench", "Wrong-pass-1", false),
                     ("wrong password", email, "Wrong-pass-1", false),
                     ("locked account, right password", email, "Bench-pass-1", true),
                     ("right password (signs in)", email, "Bench-pass-1", false),
                 })
        {
            var samples = await MeasureAsync(address, password, locked);
            var (p50, p95) = BenchmarkApp.Percentiles(samples);
            Console.WriteLine($"  {name}: p50 {p50:F1} ms, p95 {p95:F1} ms");
        }
    }
}
