using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.Harness;

/// <summary>The tests' one bounded wait: returns what satisfied it, or says what it saw last; never outlives its bound.</summary>
[TestClass]
public sealed class EventuallyTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Until_DoneOnTheThirdProbe_ReturnsThatAnswer()
    {
        var probes = 0;

        var answer = await Eventually.UntilAsync(_ => Task.FromResult(++probes), n => n == 3, TestContext.CancellationToken);

        Assert.AreEqual(3, answer);
        Assert.AreEqual(3, probes);
    }

    [TestMethod]
    public async Task Until_NeverDone_TimeoutNamesWhatAndTheLastAnswer()
    {
        var probes = 0;

        var thrown = await Assert.ThrowsExactlyAsync<TimeoutException>(() => Eventually.UntilAsync(
            _ => Task.FromResult($"state {++probes}"), _ => false, TestContext.CancellationToken, TimeSpan.FromMilliseconds(200), "for the complaint to open"));

        StringAssert.Contains(thrown.Message, "for the complaint to open");
        StringAssert.Contains(thrown.Message, $"Last seen: state {probes}");
    }

    [TestMethod]
    public async Task Until_ProbeStillRunningAtTheDeadline_CancelledAndTimesOut()
    {
        var thrown = await Assert.ThrowsExactlyAsync<TimeoutException>(() => Eventually.UntilAsync(
            async probe =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, probe);
                return 0;
            },
            _ => true,
            TestContext.CancellationToken,
            TimeSpan.FromMilliseconds(200)));

        StringAssert.Contains(thrown.Message, "the first probe did not finish");
    }

    [TestMethod]
    public async Task Until_CallerCancels_CancellationNotTimeout()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        await cancel.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => Eventually.UntilAsync(_ => Task.FromResult(false), cancel.Token));
    }

    [TestMethod]
    public async Task Until_ProbeFails_FailureSurfacesAtOnce()
    {
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => Eventually.UntilAsync(
            _ => Task.FromException<bool>(new InvalidOperationException("the process exited")), TestContext.CancellationToken));
    }
}
