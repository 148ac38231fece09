using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.UnitTests.Cards;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;
using static TeamsEscalationBot.UnitTests.Sla.SlaFixture;

namespace TeamsEscalationBot.UnitTests.Sla;

/// <summary>The service-level line of the complaint card: present with stored clocks, worded for how the card is seen.</summary>
[TestClass]
public sealed class SlaCardTests
{
    // The card fixture's clock: Start is 09:00 UTC, Now three hours later.
    private static DateTimeOffset At(double hours) => Start.AddHours(hours);

    [TestMethod]
    public void Build_ChannelCardPastTheClaimTarget_OverdueSinceInAttention()
    {
        var complaint = Clocked(new ClockedComplaint(AroundTheClock(), Start).PostCard(At(0.1)));

        var json = CardFixture.Json(CardFixture.Builder.Build(complaint, CardFixture.Context(CardViewer.Channel)));

        var line = CardFixture.Typed(json).Single(o => o["text"]?.GetValue<string>().StartsWith("Service level:", StringComparison.Ordinal) == true);
        Assert.AreEqual("Service level: claim overdue since 2 Mar 2026, 10:00", line["text"]!.GetValue<string>());
        Assert.AreEqual("Attention", line["color"]!.GetValue<string>());
    }

    [TestMethod]
    public void Build_RefreshedForAViewerInTheirZone_OverdueByAndTheirTimes()
    {
        var complaint = Clocked(new ClockedComplaint(AroundTheClock(), Start).PostCard(At(0.1)));
        var context = CardFixture.Context(CardFixture.Member, "es-ES") with { RenderedOnView = true, TimeZone = "Europe/Madrid" };

        var text = CardFixture.AllText(CardFixture.Builder.Build(complaint, context));

        StringAssert.Contains(text, "Nivel de servicio: asumirla venció hace 2 horas");
        StringAssert.Contains(text, "Europe/Madrid");
    }

    [TestMethod]
    public void Build_DepartmentWithoutPolicy_NoServiceLevel()
    {
        var complaint = Clocked(new ClockedComplaint(SlaPolicySet.None, Start).PostCard(At(0.1)));

        StringAssert.Contains(CardFixture.AllText(CardFixture.Builder.Build(complaint, CardFixture.Context(CardFixture.Member))), "Service level: no service level");
    }

    [TestMethod]
    public void Build_NoStoredClocksOrTheOldDepartmentsCard_NoServiceLevelLine()
    {
        var unrecorded = new ClockedComplaint(AroundTheClock(), Start).PostCard(At(0.1)).Complaint;
        var moved = Clocked(new ClockedComplaint(AroundTheClock(), Start).PostCard(At(0.1)).Reassign(Logistics, At(0.2)));

        Assert.DoesNotContain("Service level", CardFixture.AllText(CardFixture.Builder.Build(unrecorded, CardFixture.Context(CardFixture.Member))));
        Assert.DoesNotContain("Service level", CardFixture.AllText(
            CardFixture.Builder.Build(moved, CardFixture.Context(CardViewer.Channel) with { CardDepartmentId = Billing })));
        StringAssert.Contains(CardFixture.AllText(CardFixture.Builder.Build(moved, CardFixture.Context(CardViewer.Channel))), "Service level:");
    }

    private static Complaint Clocked(ClockedComplaint clocked) =>
        SlaRecords.Attach(clocked.Complaint, new SlaRecord { Clocks = clocked.Clocks });
}
