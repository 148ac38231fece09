using Microsoft.Extensions.Options;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Features.TeamsIntake;
using TeamsEscalationBot.UnitTests.Cards;
using static TeamsEscalationBot.UnitTests.Sla.SlaFixture;

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

    [TestMethod]
    public void Build_MoreThanTheListHolds_FirstOnesAndHowManyMore()
    {
        var builder = new OverdueCardBuilder(Options.Create(new CardOptions { MaxListItems = 3 }), new CardClock(TimeZoneInfo.Utc));
        var now = PostedAt.AddHours(2);
        var items = Enumerable.Range(0, 5).Select(_ => Overdue(now)).ToList();

        var text = CardFixture.AllText(builder.Build(items, [BillingDepartment], "en-US", null, now));

        Assert.AreEqual(3, text.Split('\n').Count(t => t == "Claim overdue by 1 hour"), text);
        StringAssert.Contains(text, "…and 2 more.");
        StringAssert.Contains(text, "Billing · as of 11:00 (UTC)");
    }

    [TestMethod]
    public void Build_NothingDue_SaysSoForTheDepartments()
    {
        var builder = new OverdueCardBuilder(Options.Create(new CardOptions()), new CardClock(TimeZoneInfo.Utc));

        var text = CardFixture.AllText(builder.Build([], [BillingDepartment], "es-ES", null, PostedAt));

        StringAssert.Contains(text, "No hay nada vencido ni a punto de vencer en Billing.");
    }

    private static readonly Department BillingDepartment = new()
    {
        Id = "billing", Name = "Billing", TeamId = "19:team@thread.tacv2", ChannelId = "19:billing@thread.tacv2", EntraGroupId = "g-billing",
    };

    private static OverdueItem Overdue(DateTimeOffset now)
    {
        var clocked = new ClockedComplaint(AroundTheClock(), PostedAt).PostCard(PostedAt.AddMinutes(1));
        return new OverdueItem(clocked.Complaint, clocked.StatusAt(now), BillingDepartment, ChannelMessageLink.For(clocked.Complaint.CurrentCard!));
    }
}
