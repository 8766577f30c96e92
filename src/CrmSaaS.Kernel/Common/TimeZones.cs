using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmSaaS.Kernel.Common;

/// <summary>IANA time zones people choose from.</summary>
public static class TimeZoneIds
{
    public const string Default = "Europe/Berlin";

    public static IReadOnlyList<string> All { get; } = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)
        .Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal))
        .Append("UTC").Order(StringComparer.Ordinal).ToList();

    public static bool IsKnown(string? id) => !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    public static TimeZoneInfo Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}

/// <summary>
/// Whose clock a time is shown on: a member's own time zone (their profile), else their team's
/// default. Times are kept in UTC; pages show them in the viewer's zone, emails in the recipient's.
/// </summary>
public sealed class UserTimeZones(AppDbContext db, ITenantContext tenant, ICurrentUser user)
{
    private TimeZoneInfo? _viewer;
    private string? _teamDefault;

    /// <summary>The zone of <paramref name="userId"/>: their own, else the current team's default (read together; the viewer's once per request).</summary>
    public async Task<TimeZoneInfo> OfAsync(Guid userId, CancellationToken cancellationToken)
    {
        var viewer = userId == user.UserId;
        if (viewer && _viewer is not null)
        {
            return _viewer;
        }

        var team = tenant.Tenant?.Id;
        var zones = await db.Users.Where(u => u.Id == userId)
            .Select(u => new { Own = u.TimeZone, Team = db.Tenants.Where(t => t.Id == team).Select(t => t.TimeZone).FirstOrDefault() })
            .SingleOrDefaultAsync(cancellationToken);
        if (team is not null && zones?.Team is { } teamDefault)
        {
            _teamDefault ??= teamDefault;
        }

        var zone = TimeZoneIds.IsKnown(zones?.Own) ? TimeZoneIds.Find(zones!.Own) : TimeZoneIds.Find(await TeamDefaultAsync(cancellationToken));
        if (viewer)
        {
            _viewer = zone;
        }

        return zone;
    }

    /// <summary>The zone of whoever is looking (the team's default for the system or nobody signed in), once per request.</summary>
    public async Task<TimeZoneInfo> ViewerAsync(CancellationToken cancellationToken) =>
        _viewer ??= user.UserId is { } id ? await OfAsync(id, cancellationToken) : TimeZoneIds.Find(await TeamDefaultAsync(cancellationToken));

    public async Task<string> TeamDefaultAsync(CancellationToken cancellationToken) =>
        _teamDefault ??= tenant.Tenant is { } team
            ? await db.Tenants.Where(t => t.Id == team.Id).Select(t => t.TimeZone).SingleAsync(cancellationToken)
            : "UTC";

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
}
