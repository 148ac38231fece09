using TeamsEscalationBot.Storage.Leases;

namespace TeamsEscalationBot.UnitTests.Storage;

/// <summary>The wait for the next leadership term that every single-instance worker loops on.</summary>
[TestClass]
public sealed class LeadershipTermTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task NextTermAsync_Leader_TheTermsToken()
    {
        using var term = new CancellationTokenSource();
        var leadership = new ScriptedLeadership(_ => Task.FromResult(term.Token));

        var next = await leadership.NextTermAsync(TestContext.CancellationToken);

        Assert.AreEqual(term.Token, next);
    }

    [TestMethod]
    public async Task NextTermAsync_StoppedBeforeWaiting_NullWithoutAsking()
    {
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        var leadership = new ScriptedLeadership(_ => Task.FromResult(CancellationToken.None));

        var next = await leadership.NextTermAsync(stopping.Token);

        Assert.IsNull(next);
        Assert.AreEqual(0, leadership.Waits, "a stopping host does not start another wait");
    }

    [TestMethod]
    public async Task NextTermAsync_StoppedWhileWaiting_Null()
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        var leadership = new ScriptedLeadership(token => Task.Delay(Timeout.InfiniteTimeSpan, token).ContinueWith(
            _ => token.IsCancellationRequested ? throw new OperationCanceledException(token) : CancellationToken.None,
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default));

        var waiting = leadership.NextTermAsync(stopping.Token);
        await stopping.CancelAsync();

        Assert.IsNull(await waiting);
        Assert.AreEqual(1, leadership.Waits);
    }

    [TestMethod]
    public async Task NextTermAsync_WaitFailsOtherwise_Throws()
    {
        var leadership = new ScriptedLeadership(_ => Task.FromException<CancellationToken>(new OperationCanceledException("not the host's stop")));

        await Assert.ThrowsAsync<OperationCanceledException>(() => leadership.NextTermAsync(TestContext.CancellationToken));
    }

    private sealed class ScriptedLeadership(Func<CancellationToken, Task<CancellationToken>> wait) : ILeadership
    {
        public int Waits { get; private set; }

        public string InstanceId => "test";

        public bool IsLeader => true;

        public Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken)
        {
            Waits++;
            return wait(cancellationToken);
        }
    }
}
