using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.BotFramework;

/// <summary>Every real and documented inbound payload survives deserialize → serialize without losing a field.</summary>
[TestClass]
public sealed class ActivityRoundTripTests
{
    public static IEnumerable<object[]> InboundPayloads() =>
        Directory.GetFiles(RepositoryPaths.Payload("inbound"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetFileName(f) });

    [TestMethod]
    public void InboundPayloads_Present_AtLeastTen() =>
        Assert.IsGreaterThanOrEqualTo(10, InboundPayloads().Count());

    [TestMethod]
    [DynamicData(nameof(InboundPayloads))]
    public void Deserialize_InboundPayload_RoundTripsWithoutLoss(string file)
    {
        var original = File.ReadAllText(RepositoryPaths.Payload("inbound", file));

        var activity = JsonSerializer.Deserialize<Activity>(original, ProtocolJsonSerializer.SerializationOptions)!;
        var roundTripped = JsonSerializer.Serialize(activity, ProtocolJsonSerializer.SerializationOptions);

        var expected = Normalize(JsonNode.Parse(original));
        var actual = Normalize(JsonNode.Parse(roundTripped));
        Assert.IsTrue(JsonNode.DeepEquals(expected, actual), $"{file} changed in a round trip:\n{expected}\n---\n{actual}");
        Assert.IsFalse(string.IsNullOrEmpty(activity.Type));
    }

    [TestMethod]
    public void Deserialize_UnknownFieldsAtEveryLevel_Preserved()
    {
        const string json = """
            {"type":"message","futureField":{"a":[1,2]},"from":{"id":"29:x","newFlag":true},
             "conversation":{"id":"a:1","extra":"e"},"channelData":{"tenant":{"id":"t","region":"emea"},"meeting":{"id":"m"}},
             "entities":[{"type":"clientInfo","platform":"Web"}],"attachments":[{"contentType":"text/html","content":"<p>x</p>","extra":1}]}
            """;
        var activity = JsonSerializer.Deserialize<Activity>(json, ProtocolJsonSerializer.SerializationOptions)!;
        var back = JsonNode.Parse(JsonSerializer.Serialize(activity, ProtocolJsonSerializer.SerializationOptions));
        Assert.IsTrue(JsonNode.DeepEquals(Normalize(JsonNode.Parse(json)), Normalize(back)), back!.ToJsonString());
    }

    [TestMethod]
    public void Deserialize_TeamInstall_NamedFieldsPopulated()
    {
        var activity = Read("installationUpdate-add-team.json");
        Assert.AreEqual(ActivityTypes.InstallationUpdate, activity.Type);
        Assert.AreEqual("add", activity.Action);
        Assert.IsNotNull(activity.ChannelData?.Team?.Id);
        Assert.IsNotNull(activity.TenantId);
    }

    [TestMethod]
    public void Deserialize_BotAddedToTeam_MembersAddedAndEventType()
    {
        var activity = Read("conversationUpdate-bot-added-to-team.json");
        Assert.AreEqual("teamMemberAdded", activity.ChannelData?.EventType);
        Assert.IsNotEmpty(activity.MembersAdded!);
        Assert.IsNotNull(activity.ChannelData?.Team?.AadGroupId);
    }

    [TestMethod]
    public void Deserialize_RefreshInvoke_AdaptiveCardValue()
    {
        var activity = Read("invoke-adaptiveCard-action-refresh.CONSTRUCTED.json");
        var value = activity.GetValue<AdaptiveCardInvokeValue>()!;
        Assert.AreEqual(InvokeNames.AdaptiveCardAction, activity.Name);
        Assert.IsTrue(value.IsRefresh);
        Assert.AreEqual("Action.Execute", value.Action!.Type);
    }

    private static Activity Read(string file) =>
        JsonSerializer.Deserialize<Activity>(File.ReadAllText(RepositoryPaths.Payload("inbound", file)), ProtocolJsonSerializer.SerializationOptions)!;

    /// <summary>Nulls equal absent members, and timestamps compare as instants with their offset (7 digits vs 3 is the same time).</summary>
    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Normalize)]),
        JsonValue value when value.TryGetValue<string>(out var text) && LooksLikeTimestamp(text) &&
                             DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            => JsonValue.Create(instant.ToString("O", CultureInfo.InvariantCulture)),
        _ => node?.DeepClone(),
    };

    private static bool LooksLikeTimestamp(string text) => text.Length >= 20 && text[4] == '-' && text[10] == 'T';
}
