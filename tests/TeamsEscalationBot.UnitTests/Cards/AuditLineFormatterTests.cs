using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Localization;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Cards;

[TestClass]
public sealed class AuditLineFormatterTests
{
    // 09:42 UTC is 10:42 in Madrid (CET) on this date.
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 42, 0, TimeSpan.Zero);
    private static readonly AuditLineFormatter Formatter = new(new CardClock(CardOptions.FindTimeZone("Europe/Madrid")!));

    [TestMethod]
    [DataRow(ComplaintEventKind.Claimed, "en", "Claimed by Ana Ruiz, 10:42")]
    [DataRow(ComplaintEventKind.Claimed, "es", "Asumida por Ana Ruiz, 10:42")]
    [DataRow(ComplaintEventKind.Unclaimed, "en", "Unclaimed by Ana Ruiz, 10:42")]
    [DataRow(ComplaintEventKind.Unclaimed, "es", "Liberada por Ana Ruiz, 10:42")]
    [DataRow(ComplaintEventKind.Assigned, "en", "Assigned to Luis Gómez by Ana Ruiz, 10:42")]
    [DataRow(ComplaintEventKind.Assigned, "es", "Asignada a Luis Gómez por Ana Ruiz, 10:42")]
    [DataRow(ComplaintEventKind.Reassigned, "en", "Reassigned to Logistics by Ana Ruiz, 10:42: Not ours")]
    [DataRow(ComplaintEventKind.Reassigned, "es", "Reasignada a Logistics por Ana Ruiz, 10:42: Not ours")]
    [DataRow(ComplaintEventKind.NoteAdded, "en", "Note by Ana Ruiz, 10:42: Not ours")]
    [DataRow(ComplaintEventKind.NoteAdded, "es", "Nota de Ana Ruiz, 10:42: Not ours")]
    [DataRow(ComplaintEventKind.DraftSaved, "en", "Answer drafted by Ana Ruiz, 10:42")]
    [DataRow(ComplaintEventKind.DraftSaved, "es", "Respuesta redactada por Ana Ruiz, 10:42")]
    [DataRow(ComplaintEventKind.Resolved, "en", "Resolved by Ana Ruiz, 10:42")]
    [DataRow(ComplaintEventKind.Resolved, "es", "Resuelta por Ana Ruiz, 10:42")]
    [DataRow(ComplaintEventKind.Reopened, "en", "Reopened by Ana Ruiz, 10:42: Not ours")]
    [DataRow(ComplaintEventKind.Reopened, "es", "Reabierta por Ana Ruiz, 10:42: Not ours")]
    [DataRow(ComplaintEventKind.SentBack, "en", "Sent back by Ana Ruiz, 10:42: Not ours")]
    [DataRow(ComplaintEventKind.SentBack, "es", "Devuelta por Ana Ruiz, 10:42: Not ours")]
    [DataRow(ComplaintEventKind.Accepted, "en", "Accepted by Ana Ruiz, 10:42")]
    [DataRow(ComplaintEventKind.Accepted, "es", "Aceptada por Ana Ruiz, 10:42")]
    [DataRow(ComplaintEventKind.Routed, "en", "Routed to Logistics, 10:42")]
    [DataRow(ComplaintEventKind.RelayDelivered, "es", "Respuesta entregada al community manager, 10:42")]
    public void Format_Event_LocalizedLineInConfiguredTimeZone(ComplaintEventKind kind, string locale, string expected) =>
        Assert.AreEqual(expected, Formatter.Format(Event(kind), Texts.For(locale), CardFixture.Departments));

    [TestMethod]
    [DataRow(ComplaintEventKind.CardPosted)]
    [DataRow(ComplaintEventKind.CallbackDelivered)]
    [DataRow(ComplaintEventKind.CallbackFailed)]
    public void Format_BookkeepingEvent_Null(ComplaintEventKind kind) =>
        Assert.IsNull(Formatter.Format(Event(kind), Texts.For("en"), CardFixture.Departments));

    [TestMethod]
    public void Format_ReopenedWithoutNote_NoColon() =>
        Assert.AreEqual("Reopened by Ana Ruiz, 10:42", Formatter.Format(Event(ComplaintEventKind.Reopened) with { Note = null }, Texts.For("en"), CardFixture.Departments));

    [TestMethod]
    public void Format_LongMultilineNote_OneLineExcerpt()
    {
        var note = "First line\n\nsecond   line " + new string('x', 500);

        var line = Formatter.Format(Event(ComplaintEventKind.NoteAdded) with { Note = note }, Texts.For("en"), CardFixture.Departments)!;

        Assert.StartsWith("Note by Ana Ruiz, 10:42: First line second line xxx", line);
        Assert.EndsWith(CardText.Ellipsis, line);
        Assert.HasCount(AuditLineFormatter.ExcerptChars + 1, line["Note by Ana Ruiz, 10:42: ".Length..]);
    }

    [TestMethod]
    public void Format_WithNowOnAnotherDay_IncludesTheDate() =>
        Assert.AreEqual(
            "Claimed by Ana Ruiz, 2 Mar 10:42",
            Formatter.Format(Event(ComplaintEventKind.Claimed), Texts.For("en"), CardFixture.Departments, At.AddDays(1)));

    private static ComplaintEvent Event(ComplaintEventKind kind) => new()
    {
        At = At,
        Actor = Ana,
        Kind = kind,
        FromState = ComplaintState.Open,
        ToState = ComplaintState.Claimed,
        Note = "Not ours",
        DepartmentId = Logistics,
        FromDepartmentId = Billing,
        Assignee = new Person(Luis.Id, Luis.DisplayName),
    };
}
