using Microsoft.Extensions.Options;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.TeamsIntake;
using static TeamsEscalationBot.UnitTests.Cards.CardFixture;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Cards;

[TestClass]
public sealed class ComplaintListCardBuilderTests
{
    private static readonly ComplaintListCardBuilder Builder = new(Options.Create(new CardOptions { MaxListItems = 10 }), Clock);

    [TestMethod]
    public void Build_NoComplaints_SaysSo()
    {
        var card = Builder.Build([], "es", Departments);

        Assert.Contains("Aún no tienes quejas.", AllText(card));
        Assert.IsNull(card.Actions);
    }

    [TestMethod]
    public void Build_ManyComplaints_NewestFirstUpToTheLimitWithStatusButtons()
    {
        var complaints = Enumerable.Range(1, 25).Select(Numbered).ToList();

        var card = Builder.Build(complaints, "en", Departments);

        var statuses = Executes(Json(card));
        Assert.HasCount(10, statuses);
        Assert.AreSequenceEqual(
            Enumerable.Range(16, 10).Reverse().Select(i => $"c-{i}"),
            statuses.Select(s => s["data"]!["complaintId"]!.GetValue<string>()));
        Assert.IsTrue(statuses.All(s => s["verb"]!.GetValue<string>() == CardVerbs.Status && s["data"]!["version"]!.GetValue<long>() == 2));
        var text = AllText(card);
        Assert.Contains("c-25 · Received", text);
        Assert.Contains("Billing · 2 Mar 2026, 09:25", text, "a date, which stays true in a chat read days later");
        Assert.DoesNotContain("ago", text);
        Assert.Contains("Showing the latest 10 of 25.", text);
    }

    [TestMethod]
    public void Build_MostItemsOfLongMultiByteText_StaysUnder28KB()
    {
        var builder = new ComplaintListCardBuilder(Options.Create(new CardOptions { MaxListItems = CardOptions.MaxListItemsLimit }), Clock);
        var complaints = Enumerable.Range(1, 30)
            .Select(i => Complaint.Receive($"c-{i:D6}", Submission(text: string.Concat(Enumerable.Repeat("😀", 5_000))), RoutedTo(Billing), Cm, Start))
            .ToList();

        var card = builder.Build(complaints, "es", [.. Departments.Select(d => d with { Name = new string('d', 60) })]);

        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, Utf8Size(card));
        Assert.HasCount(CardOptions.MaxListItemsLimit, Executes(Json(card)));
    }

    [TestMethod]
    [DataRow(1, "en", "Showing only the newest of 3.")]
    [DataRow(2, "en", "Showing the latest 2 of 3.")]
    [DataRow(1, "es", "Se muestra solo la más reciente de 3.")]
    [DataRow(2, "es", "Se muestran las 2 más recientes de 3.")]
    public void Build_MoreThanTheLimit_SaysHowManyAreShownInTheRightPlural(int limit, string locale, string expected)
    {
        var builder = new ComplaintListCardBuilder(Options.Create(new CardOptions { MaxListItems = limit }), Clock);

        var card = builder.Build([.. Enumerable.Range(1, 3).Select(Numbered)], locale, Departments);

        Assert.Contains(expected, AllText(card));
        Assert.HasCount(limit, Executes(Json(card)));
    }

    [TestMethod]
    public void BuildMatches_SeveralOfMany_TitleIntroEachWithItsFirstWordsStateAndStatusAndHowManyMore()
    {
        var matches = Enumerable.Range(1, 10).Select(i => Complaint.Receive(
            $"C01JDX{i:D10}", Submission(text: $"Complaint number {i}, charged twice for the same invoice and still waiting for the refund after weeks"),
            RoutedTo(Billing), Cm, Start)).ToList();

        var card = Builder.BuildMatches("C01JDX", matches, 14, "en", Departments, _ => true);

        var text = AllText(card);
        Assert.Contains("14 complaints start with C01JDX", text);
        Assert.Contains("Type more of the id, or press Status on the one you mean.", text);
        Assert.Contains("C01JDX0000000001 · Received", text);
        Assert.Contains("Complaint number 1, charged twice for the same invoice and still waiting for the…", text);
        Assert.Contains("…and 4 more.", text);
        var statuses = Executes(Json(card));
        Assert.AreSequenceEqual(matches.Select(c => c.Id), statuses.Select(s => s["data"]!["complaintId"]!.GetValue<string>()));
        Assert.IsTrue(statuses.All(s => s["verb"]!.GetValue<string>() == CardVerbs.Status));
    }

    [TestMethod]
    public void BuildMatches_SpanishAllShown_NoMoreLine()
    {
        var matches = Enumerable.Range(1, 2).Select(Numbered).ToList();

        var text = AllText(Builder.BuildMatches("C01JDX", matches, 2, "es-ES", Departments, _ => true));

        Assert.Contains("2 quejas empiezan por C01JDX", text);
        Assert.DoesNotContain("más.", text);
    }

    private static Complaint Numbered(int i) =>
        Complaint.Receive($"c-{i}", Submission(text: $"Complaint number {i}"), RoutedTo(Billing), Cm, Start.AddMinutes(i));
}
