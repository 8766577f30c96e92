using System.Security.Claims;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Htmx;
using CrmSaaS.Kernel.Web;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Web.Hosting;

/// <summary>
/// Runs a form marked <c>asp-submit-once</c> once per token: the first sending records the token
/// (a primary key, so of two racing sendings one wins), runs, and keeps where it led; a second
/// sending waits for that and is led there too, without running the handler again. A sending that
/// did not lead anywhere (refused with messages, failed) gives the token back, so the corrected
/// form can be sent.
/// </summary>
public sealed class SubmitOnceMiddleware(RequestDelegate next)
{
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(15);

    public async Task InvokeAsync(HttpContext context, AppDbContext db, TimeProvider clock)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!Guid.TryParse(form[SubmitOnceTagHelper.FieldName], out var token))
        {
            await next(context);
            return;
        }

        var user = Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (Guid?)null;
        var deadline = clock.GetUtcNow() + WaitForFirst;
        while (!await TryStartAsync(db, token, user, clock))
        {
            if (clock.GetUtcNow() > deadline)
            {
                context.Response.StatusCode = StatusCodes.Status409Conflict;
                return;
            }

            var first = await db.FormSubmissions.AsNoTracking().SingleOrDefaultAsync(f => f.Token == token, context.RequestAborted);
            if (first is not null && first.UserId != user)
            {
                context.Response.StatusCode = StatusCodes.Status409Conflict;
                return;
            }

            if (first?.Location is { } location)
            {
                LeadTo(context, location);
                return;
            }

            // Still running (or just given back after a refusal, then this sending runs): look again shortly.
            await Task.Delay(100, context.RequestAborted);
        }

        try
        {
            await next(context);
        }
        catch
        {
            await ForgetAsync(db, token);
            throw;
        }

        var led = context.Response.StatusCode is >= 300 and < 400 ? context.Response.Headers.Location.ToString()
            : context.Response.Headers.TryGetValue("HX-Redirect", out var hx) ? hx.ToString()
            : null;
        if (string.IsNullOrEmpty(led))
        {
            await ForgetAsync(db, token);
        }
        else
        {
            await db.FormSubmissions.Where(f => f.Token == token).ExecuteUpdateAsync(u => u.SetProperty(f => f.Location, led.Length <= 2000 ? led : "/"));
        }
    }

    /// <summary>Records the token unless it is there already (no exception, no error logged for the expected duplicate).</summary>
    private static async Task<bool> TryStartAsync(AppDbContext db, Guid token, Guid? user, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"FormSubmissions\" (\"Token\", \"UserId\", \"CreatedAt\") VALUES ({token}, {user}, {now}) ON CONFLICT (\"Token\") DO NOTHING") == 1;
    }

    private static Task ForgetAsync(AppDbContext db, Guid token) =>
        db.FormSubmissions.Where(f => f.Token == token).ExecuteDeleteAsync();

    private static void LeadTo(HttpContext context, string location)
    {
        if (context.Request.IsHtmx())
        {
            context.Response.Headers["HX-Redirect"] = location;
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        else
        {
            context.Response.Redirect(location);
        }
    }
}
