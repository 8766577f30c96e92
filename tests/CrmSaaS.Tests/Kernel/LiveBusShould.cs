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
}
