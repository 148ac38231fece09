using TeamsEscalationBot.Storage.Azure;

namespace TeamsEscalationBot.UnitTests.Storage;

[TestClass]
public sealed class BlobNamingTests
{
    [TestMethod]
    [DataRow("billing")]
    [DataRow("aaaa-0000-1111")]
    [DataRow("Open")]
    public void TagValue_AllowedCharacters_KeptAsIs(string value) =>
        Assert.AreEqual(value, BlobNaming.TagValue(value));

    [TestMethod]
    [DataRow("19:team@thread.tacv2")]
    [DataRow("it's")]
    [DataRow("h=looks-hashed")]
    public void TagValue_OtherCharacters_HashedToAnAllowedValue(string value)
    {
        var tag = BlobNaming.TagValue(value);

        Assert.StartsWith("h=", tag);
        Assert.AreEqual(66, tag.Length);
        Assert.AreEqual(tag, BlobNaming.TagValue(value), "stable, so equality queries find it");
    }

    [TestMethod]
    public void TagEquals_ValueWithQuote_NeverBreaksTheExpression() =>
        Assert.DoesNotContain("it's", BlobNaming.TagEquals("team", "it's"));

    [TestMethod]
    public void Base64Url_RoundTrip() =>
        Assert.AreEqual("https://smba.trafficmanager.net/emea/", BlobNaming.FromBase64Url(BlobNaming.ToBase64Url("https://smba.trafficmanager.net/emea/")));
}
