using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CrmSaaS.Kernel.Live;

/// <summary>
/// How handlers announce a change to open pages: inside a unit of work the event goes out after the
/// commit (never for a change that was rolled back), outside one at once.
/// </summary>
public interface ILiveUpdates
{
    void Publish(LiveEvent liveEvent);
}

public sealed class LiveUpdates(ILiveBus bus, ITenantContext tenant, IUnitOfWork unitOfWork, Security.ICurrentUser user) : ILiveUpdates
{
    public void Publish(LiveEvent liveEvent)
    {
        liveEvent = liveEvent with { ActorId = liveEvent.ActorId ?? user.UserId };
        var tenantId = tenant.Tenant?.Id ?? throw new InvalidOperationException("Live events belong to a team; none is current.");
        if (unitOfWork.IsOpen)
        {
            unitOfWork.AfterCommit(_ =>
            {
                bus.Publish(tenantId, liveEvent);
                return Task.CompletedTask;
            });
        }
        else
        {
            bus.Publish(tenantId, liveEvent);
        }
    }
}

/// <summary>
/// The event a change of someone's access raises (a contact's portal or project access revoked, a
/// role taken away): every open stream of the team asks its audience again at once, so a revoked
/// contact's open page stops hearing events immediately. It is never delivered to a page.
/// </summary>
public static class LiveAccess
{
    public const string Changed = "access";

    /// <summary>No member holds this permission: the event is for the streams, not for pages.</summary>
    public const string NoOne = "live.access.none";

    public static LiveEvent For(Guid subjectId) => new(Changed, subjectId, NoOne);
}

/// <summary>On an endpoint: it answers with a live stream that stays open (walks and probes read only its start).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class LiveStreamEndpointAttribute : Attribute
{
    public static readonly LiveStreamEndpointAttribute Instance = new();
}

/// <summary>Who may hear which events on one connection; asked again every <see cref="LiveStream.Heartbeat"/>.</summary>
public interface ILiveAudience
{
    bool Hears(LiveEvent liveEvent);
}

/// <summary>
/// A team's live events as server-sent events, for one open page. Each event carries its id, so the
/// browser's reconnect (Last-Event-ID, or <c>lastEventId</c> in the query when the page opens a new
/// connection) resumes after it; when events were lost a <c>resync</c> event tells the page to refresh
/// what it shows live. Every <see cref="Heartbeat"/> the audience is asked again (access revoked: the
/// stream ends) and a <c>ping</c> keeps proxies from closing an idle connection.
/// </summary>
public static class LiveStream
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(25);
    public const string Resync = "resync";

    /// <param name="audience">Who listens, as known now; null when they no longer may (the stream then ends).</param>
    public static IResult Serve(HttpContext http, ILiveBus bus, Guid tenantId, Func<CancellationToken, Task<ILiveAudience?>> audience)
    {
        var lastEventId = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? http.Request.Query["lastEventId"].FirstOrDefault();
        http.Response.Headers.CacheControl = "no-store";
        // Tell proxies (nginx and the like) not to hold the stream back.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(Events(bus, tenantId, lastEventId, audience, http.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(ILiveBus bus, Guid tenantId, string? lastEventId,
        Func<CancellationToken, Task<ILiveAudience?>> audienceOf, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var audience = await audienceOf(cancellationToken);
        if (audience is null)
        {
            yield break;
        }

        using var subscription = bus.Subscribe(tenantId, lastEventId);
        yield return new SseItem<string>("", "ready") { ReconnectionInterval = TimeSpan.FromSeconds(2) };
        if (subscription.TakeMissed())
        {
            yield return new SseItem<string>("", Resync);
        }

        foreach (var message in subscription.Backlog)
        {
            if (message.Event.Name != LiveAccess.Changed && audience.Hears(message.Event))
            {
                yield return Item(message);
            }
        }

        var reader = subscription.Reader;
        while (!cancellationToken.IsCancellationRequested)
        {
            var arrived = await WaitAsync(reader, cancellationToken);
            if (arrived is null)
            {
                yield break;
            }

            if (arrived == false)
            {
                audience = await audienceOf(cancellationToken);
                if (audience is null)
                {
                    yield break;
                }

                yield return new SseItem<string>("", "ping");
                continue;
            }

            if (subscription.TakeMissed())
            {
                yield return new SseItem<string>("", Resync);
            }

            while (reader.TryRead(out var message))
            {
                if (message.Event.Name == LiveAccess.Changed)
                {
                    // Someone's access changed: ask again now rather than at the next heartbeat.
                    audience = await audienceOf(cancellationToken);
                    if (audience is null)
                    {
                        yield break;
                    }

                    continue;
                }

                if (audience.Hears(message.Event))
                {
                    yield return Item(message);
                }
            }
        }
    }

    /// <summary>True when events wait, false after a quiet heartbeat, null when the connection or the subscription ended.</summary>
    private static async Task<bool?> WaitAsync(System.Threading.Channels.ChannelReader<LiveMessage> reader, CancellationToken cancellationToken)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quiet.CancelAfter(Heartbeat);
        try
        {
            return await reader.WaitToReadAsync(quiet.Token) ? true : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static SseItem<string> Item(LiveMessage message) =>
        new(message.Event.SubjectId.ToString(), message.Event.Name) { EventId = message.Id };
}

/// <summary>
/// A team member hears what their role's permissions let them see, except their own changes: the
/// page they made it on shows it already, and re-rendering it under their hands (a card just added,
/// about to be dragged) would get in their way.
/// </summary>
public sealed class TeamLiveAudience(Security.ICurrentUser user) : ILiveAudience
{
    private readonly Guid? _me = user.UserId;

    public bool Hears(LiveEvent liveEvent) => (liveEvent.ActorId is null || liveEvent.ActorId != _me) && user.Has(liveEvent.TeamPermission);
}
