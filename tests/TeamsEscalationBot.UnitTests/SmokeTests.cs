namespace TeamsEscalationBot.UnitTests;

[TestClass]
public sealed class SmokeTests
{
    [TestMethod]
    public void Add_TwoNumbers_Sum() => Assert.AreEqual(2, int.Parse("2", System.Globalization.CultureInfo.InvariantCulture));
}
