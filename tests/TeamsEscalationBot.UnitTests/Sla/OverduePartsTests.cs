using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Features.TeamsIntake;

namespace TeamsEscalationBot.UnitTests.Sla;

/// <summary>The <c>overdue</c> command's words and the deep link to a complaint's channel card.</summary>
[TestClass]
public sealed class OverduePartsTests
{
    private static readonly DateTimeOffset PostedAt = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    [DataRow("overdue")]
    [DataRow("OVERDUE")]
    [DataRow("vencidas")]
    [DataRow("  Vencidas  ")]
    public void Parse_OverdueOrSpanishAlias_OverdueCommand(string text) =>
        Assert.AreEqual(ChatCommandKind.Overdue, ChatCommand.Parse(text).Kind);

    [TestMethod]
    public void For_CardWithTenantAndTeam_LinksTheRootMessageOfTheThread()
    {
        var card = new ChannelCard("billing", "19:abc123@thread.tacv2;messageid=1772442000123", "1772442000123", PostedAt);

        var link = ChannelMessageLink.For(card, "72f988bf-86f1-41af-91ab-2d7cd011db47", "b6f1f5c4-3a2e-4d6e-9a8f-0c1d2e3f4a5b");

        Assert.AreEqual(
            "https://teams.microsoft.com/l/message/19%3Aabc123%40thread.tacv2/1772442000123"
            + "?tenantId=72f988bf-86f1-41af-91ab-2d7cd011db47&groupId=b6f1f5c4-3a2e-4d6e-9a8f-0c1d2e3f4a5b&parentMessageId=1772442000123",
            link!.AbsoluteUri);
    }

    [TestMethod]
    public void For_NothingButTheThread_ParentMessageOnly()
    {
        var card = new ChannelCard("billing", "19:abc123@thread.tacv2;messageid=42", "42", PostedAt);

        Assert.AreEqual(
            "https://teams.microsoft.com/l/message/19%3Aabc123%40thread.tacv2/42?parentMessageId=42",
            ChannelMessageLink.For(card)!.AbsoluteUri);
    }

    [TestMethod]
    public void For_CardNotRecordedYet_Null()
    {
        Assert.IsNull(ChannelMessageLink.For(new ChannelCard("billing", string.Empty, string.Empty, PostedAt)));
        Assert.IsNull(ChannelMessageLink.For(new ChannelCard("billing", "19:abc@thread.tacv2", string.Empty, PostedAt)));
    }
}
