using System.Net;
using System.Text.RegularExpressions;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Account;

/// <summary>Anyone can lock the Superadmin out with wrong guesses; the emailed link lets the Superadmin back in, once.</summary>
public class SuperadminLockoutShould(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task EmailTheSuperadminALinkThatSignsInAndUnlocksOnce()
    {
        var attacker = app.Root();
        for (var i = 0; i < 6; i++)
        {
            await attacker.PostFormAsync("/admin/signin", new() { ["Input.Email"] = AppFactory.SuperadminEmail, ["Input.Password"] = "wrong-guess-1" });
        }

        var locked = await attacker.PostFormAsync("/admin/signin", new() { ["Input.Email"] = AppFactory.SuperadminEmail, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, locked.StatusCode);

        var mail = Assert.Single(await app.OutboxAsync(AppFactory.SuperadminEmail), m => m.TextBody.Contains("/admin/unlock?", StringComparison.Ordinal));
        var link = new Uri(Regex.Match(mail.TextBody, "http://localhost/admin/unlock\\?\\S+").Value).PathAndQuery;

        // Its expiry cannot be stretched.
        var stretched = Regex.Replace(link, "expires=\\d+", "expires=99999999999");
        Assert.Equal("/admin/signin", (await app.Root().GetAsync(stretched)).Headers.Location!.OriginalString);

        var owner = app.Root();
        var opened = await owner.GetAsync(link);
        Assert.Equal("/admin", opened.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/admin")).StatusCode);
        Assert.Null(await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == AppFactory.SuperadminEmail).Select(u => u.LockoutEnd).SingleAsync()));

        // Spent: the same link signs nobody in again.
        Assert.Equal("/admin/signin", (await app.Root().GetAsync(link)).Headers.Location!.OriginalString);
    }
}
