using System.Text.Json;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.UnitTests.BotFramework;

/// <summary>The tenant of an activity is Teams' own <c>conversation.tenantId</c>; <c>channelData.tenant</c> is never trusted for it.</summary>
[TestClass]
public sealed class ActivityTenantTests
{
    [TestMethod]
    public void TenantId_OnlyInChannelData_Null()
    {
        var activity = Parse("""{"type":"message","conversation":{"id":"a:1"},"channelData":{"tenant":{"id":"72f988bf-86f1-41af-91ab-2d7cd011db47"}}}""");

        Assert.IsNull(activity.TenantId);
    }

    [TestMethod]
    public void TenantId_ConversationAndChannelDataDiffer_TheConversationOne()
    {
        var activity = Parse("""{"type":"message","conversation":{"id":"a:1","tenantId":"t-conversation"},"channelData":{"tenant":{"id":"t-channel-data"}}}""");

        Assert.AreEqual("t-conversation", activity.TenantId);
    }

    private static Activity Parse(string json) => JsonSerializer.Deserialize<Activity>(json, ProtocolJsonSerializer.SerializationOptions)!;
}
