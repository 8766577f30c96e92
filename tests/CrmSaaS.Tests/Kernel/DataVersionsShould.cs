using CrmSaaS.Kernel.Cluster;
using CrmSaaS.Kernel.Data;

namespace CrmSaaS.Tests.Kernel;

/// <summary>Versions of two instances joined by one notification bus (as PostgreSQL's LISTEN/NOTIFY joins them).</summary>
public sealed class DataVersionsShould
{
    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), what);
    }

    [Fact]
    public async Task TellAChangeToTheOtherInstanceAndCountItOnceOnItsOwn()
    {
        var bus = new InProcessNotifications();
        var here = new DataVersions(bus);
        var there = new DataVersions(bus);
        var team = Guid.NewGuid();
        var other = Guid.NewGuid();
        var (hereBefore, thereBefore, otherBefore) = (here.Of(team), there.Of(team), there.Of(other));

        here.Changed(team);

        Assert.NotEqual(hereBefore, here.Of(team));
        await EventuallyAsync(() => there.Of(team) != thereBefore, "the other instance should hear of the change");
        // Its own notice comes back to the instance that sent it, and is not counted again.
        var once = new DataVersions();
        once.Changed(team);
        Assert.Equal(once.Of(team), here.Of(team));
        Assert.Equal(once.Of(team), there.Of(team));
        Assert.Equal(otherBefore, there.Of(other));
    }

    [Fact]
    public async Task TellAChangeOfNoTeamAsAChangeOfEveryTeam()
    {
        var bus = new InProcessNotifications();
        var here = new DataVersions(bus);
        var there = new DataVersions(bus);
        var team = Guid.NewGuid();
        var before = there.Of(team);

        here.Changed(null);

        await EventuallyAsync(() => there.Of(team) != before, "a change of no team should reach every team's pages");
    }

    [Fact]
    public void TakeEverythingAsChangedWhenTheLinkToTheOthersIsRestored()
    {
        var cluster = new Relinking();
        var versions = new DataVersions(cluster);
        var team = Guid.NewGuid();
        var before = versions.Of(team);

        cluster.Relink();

        Assert.NotEqual(before, versions.Of(team));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-space")]
    [InlineData("someone not-a-team,also-not")]
    public void IgnoreANoticeItCannotRead(string payload)
    {
        var bus = new InProcessNotifications();
        var versions = new DataVersions(bus);
        var team = Guid.NewGuid();
        var before = versions.Of(team);

        bus.Notify(DataVersions.Channel, payload);

        Assert.Equal(before, versions.Of(team));
    }

    /// <summary>A bus whose link can be lost and restored by the test.</summary>
    private sealed class Relinking : IClusterNotifications
    {
        private readonly List<Action<long>> _linked = [];

        public void Notify(string channel, string payload, bool numbered = false)
        {
        }

        public void Listen(string channel, Action<string> handler)
        {
        }

        public void WhenLinked(Action<long> handler) => _linked.Add(handler);

        public void Relink() => _linked.ForEach(h => h(1));
    }
}
