using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.UnitTests.Storage;

[TestClass]
public sealed class OutboxBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    [TestMethod]
    [DataRow(1, 2)]
    [DataRow(2, 4)]
    [DataRow(3, 8)]
    [DataRow(6, 64)]
    public void Delay_NthFailure_BetweenHalfAndFullExponentialDelay(int failures, int fullSeconds)
    {
        Assert.AreEqual(TimeSpan.FromSeconds(fullSeconds / 2.0), OutboxBackoff.Delay(failures, Base, Max, 0));
        Assert.AreEqual(TimeSpan.FromSeconds(fullSeconds * 0.75), OutboxBackoff.Delay(failures, Base, Max, 0.5));
    }

    [TestMethod]
    public void Delay_ManyFailures_CappedAtMaxDelay()
    {
        Assert.AreEqual(Max * 0.75, OutboxBackoff.Delay(50, Base, Max, 0.5));
        Assert.AreEqual(Max / 2, OutboxBackoff.Delay(int.MaxValue, Base, Max, 0));
        Assert.IsLessThan(Max, OutboxBackoff.Delay(int.MaxValue, Base, Max, 0.999999999));
    }
}
