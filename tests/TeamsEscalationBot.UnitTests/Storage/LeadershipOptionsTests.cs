using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.UnitTests.Storage;

/// <summary>The <c>Storage:Leadership</c> settings: Azure's lease limits on both providers, and a lease-safe instance name.</summary>
[TestClass]
public sealed class LeadershipOptionsTests
{
    private readonly StorageOptionsValidator validator = new();

    [TestMethod]
    public void Defaults_ThirtySecondsAndNoInstanceId_Valid()
    {
        var options = new StorageOptions();

        Assert.AreEqual(TimeSpan.FromSeconds(30), options.Leadership.LeaseTime);
        Assert.IsNull(options.Leadership.InstanceId);
        Assert.IsTrue(validator.Validate(null, options).Succeeded);
    }

    [TestMethod]
    [DataRow("00:00:15")]
    [DataRow("00:01:00")]
    public void Validate_LeaseTimeAtTheLimits_Succeeds(string leaseTime) =>
        Assert.IsTrue(validator.Validate(null, With(TimeSpan.Parse(leaseTime, System.Globalization.CultureInfo.InvariantCulture))).Succeeded);

    [TestMethod]
    [DataRow("00:00:14.999")]
    [DataRow("00:01:00.001")]
    [DataRow("00:00:00")]
    public void Validate_LeaseTimeOutsideAzuresLimits_NamesTheKey(string leaseTime)
    {
        var result = validator.Validate(null, With(TimeSpan.Parse(leaseTime, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.IsTrue(result.Failed);
        StringAssert.Contains(result.FailureMessage, "Storage:Leadership:LeaseTime must be between 00:00:15 and 00:01:00");
    }

    [TestMethod]
    [DataRow("web 1")]
    [DataRow("wébé")]
    public void Validate_InstanceIdNotLeaseSafe_NamesTheKey(string instanceId)
    {
        var options = new StorageOptions { Leadership = new LeadershipOptions { InstanceId = instanceId } };

        StringAssert.Contains(validator.Validate(null, options).FailureMessage, "Storage:Leadership:InstanceId");
    }

    [TestMethod]
    [DataRow("web-1_a.b:c")]
    [DataRow("")]
    public void Validate_InstanceIdLeaseSafeOrEmptyForTheDefault_Succeeds(string instanceId) =>
        Assert.IsTrue(validator.Validate(null, new StorageOptions { Leadership = new LeadershipOptions { InstanceId = instanceId } }).Succeeded);

    private static StorageOptions With(TimeSpan leaseTime) => new() { Leadership = new LeadershipOptions { LeaseTime = leaseTime } };
}
