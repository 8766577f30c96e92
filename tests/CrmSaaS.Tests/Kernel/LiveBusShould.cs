using CrmSaaS.Kernel.Live;

namespace CrmSaaS.Tests.Kernel;

/// <summary>The in-process live bus: per team, in order, resumable after an event id, and honest about what was lost.</summary>
public sealed class LiveBusShould
{
    private static readonly Guid Acme = Guid.NewGuid();
    private static readonly Guid Globex = Guid.NewGuid();

    private static LiveEvent Invoice(Guid id) => new("invoice", id, "billing.read");

    private static List<LiveMessage> Drain(LiveSubscription subscription)
    {
        var read = new List<LiveMessage>();
        while (subscription.Reader.TryRead(out var message))
        {
            read.Add(message);
        }

        return read;
    }

    [Fact]
    public void DeliverATeamsEventsToItsSubscribersOnlyInOrder()
    {
        var bus = new InProcessLiveBus();
        using var acme = bus.Subscribe(Acme, null);
        using var globex = bus.Subscribe(Globex, null);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        bus.Publish(Acme, Invoice(first));
        bus.Publish(Acme, Invoice(second));

        Assert.Equal([first, second], Drain(acme).Select(m => m.Event.SubjectId));
        Assert.Empty(Drain(globex));
        Assert.False(acme.TakeMissed());
    }

    [Fact]
    public void ResumeAfterAnEventIdWithWhatCameSince()
    {
        var bus = new InProcessLiveBus();
        string seen;
        using (var page = bus.Subscribe(Acme, null))
        {
            bus.Publish(Acme, Invoice(Guid.NewGuid()));
            seen = Drain(page).Single().Id;
        }

        var missed = Guid.NewGuid();
        bus.Publish(Acme, Invoice(missed));
        bus.Publish(Globex, Invoice(Guid.NewGuid()));
        using var resumed = bus.Subscribe(Acme, seen);

        Assert.Equal([missed], resumed.Backlog.Select(m => m.Event.SubjectId));
        Assert.False(resumed.TakeMissed());
        Assert.Equal(0, bus.Connections(Globex));
        Assert.Equal(1, bus.Connections(Acme));
    }

    [Theory]
    [InlineData("0000000000-1")]
    [InlineData("not an id")]
    public void SayWhenAnIdCannotBeResumed(string lastEventId)
    {
        var bus = new InProcessLiveBus();
        bus.Publish(Acme, Invoice(Guid.NewGuid()));

        using var resumed = bus.Subscribe(Acme, lastEventId);

        Assert.Empty(resumed.Backlog);
        Assert.True(resumed.TakeMissed());
        Assert.False(resumed.TakeMissed());
    }

    [Fact]
    public void SayWhenThePageWasAwayLongerThanTheEventsKept()
    {
        var bus = new InProcessLiveBus();
        string seen;
        using (var page = bus.Subscribe(Acme, null))
        {
            bus.Publish(Acme, Invoice(Guid.NewGuid()));
            seen = Drain(page).Single().Id;
        }

        for (var i = 0; i < InProcessLiveBus.Retained + 1; i++)
        {
            bus.Publish(Acme, Invoice(Guid.NewGuid()));
        }

        using var resumed = bus.Subscribe(Acme, seen);

        Assert.Equal(InProcessLiveBus.Retained, resumed.Backlog.Count);
        Assert.True(resumed.TakeMissed());
    }

    [Fact]
    public void FlagASubscriberThatCannotKeepUpInsteadOfHoldingThePublisher()
    {
        var bus = new InProcessLiveBus();
        using var slow = bus.Subscribe(Acme, null);
        using var quick = bus.Subscribe(Acme, null);

        for (var i = 0; i < InProcessLiveBus.PerConnection + 10; i++)
        {
            bus.Publish(Acme, Invoice(Guid.NewGuid()));
            Drain(quick);
        }

        Assert.Equal(InProcessLiveBus.PerConnection, Drain(slow).Count);
        Assert.True(slow.TakeMissed());
        Assert.False(quick.TakeMissed());
    }

    [Fact]
    public void ForgetASubscriberOnceItsConnectionEnds()
    {
        var bus = new InProcessLiveBus();
        var page = bus.Subscribe(Acme, null);
        Assert.Equal(1, bus.Connections(Acme));

        page.Dispose();
        bus.Publish(Acme, Invoice(Guid.NewGuid()));

        Assert.Equal(0, bus.Connections(Acme));
        Assert.False(page.Reader.TryRead(out _));
    }

    /// <summary>Two instances of a cluster, in one process: one notification channel between them, as PostgreSQL's NOTIFY would be.</summary>
    private static (ClusterLiveBus First, ClusterLiveBus Second) Cluster()
    {
        var wire = new CrmSaaS.Kernel.Cluster.InProcessNotifications();
        return (new ClusterLiveBus(wire), new ClusterLiveBus(wire));
    }

    [Fact]
    public void CarryAnEventPublishedOnOneInstanceToPagesOnTheOtherWithTheSameId()
    {
        var (first, second) = Cluster();
        using var here = first.Subscribe(Acme, null);
        using var there = second.Subscribe(Acme, null);
        using var elsewhere = second.Subscribe(Globex, null);
        var paid = Guid.NewGuid();

        first.Publish(Acme, Invoice(paid));

        var a = Assert.Single(Drain(here));
        var b = Assert.Single(Drain(there));
        Assert.Equal(paid, b.Event.SubjectId);
        Assert.Equal(a.Id, b.Id);
        Assert.Empty(Drain(elsewhere));
    }

    [Fact]
    public void ResumeOnAnotherInstanceAfterTheLastEventIdAndResyncWhenThatInstanceMayHaveMissedSome()
    {
        var (first, second) = Cluster();
        string seen;
        using (var page = first.Subscribe(Acme, null))
        {
            first.Publish(Acme, Invoice(Guid.NewGuid()));
            seen = Drain(page).Single().Id;
        }

        var since = Guid.NewGuid();
        second.Publish(Globex, Invoice(Guid.NewGuid()));
        second.Publish(Acme, Invoice(since));
        // The page reconnects through the proxy to the other instance.
        using var resumed = second.Subscribe(Acme, seen);
        Assert.Equal([since], resumed.Backlog.Select(m => m.Event.SubjectId));
        Assert.False(resumed.TakeMissed());

        // That instance lost its link for a while: a page resuming from before it may have missed events.
        second.Local.Forget(long.Parse(resumed.Backlog.Single().Id.Split('-')[1]) + 10);
        using var stale = second.Subscribe(Acme, seen);
        Assert.True(stale.TakeMissed());
    }
}
