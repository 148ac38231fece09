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
    private static readonly ComplaintListCardBuilder Builder = new(Options.Create(new CardOptions { MaxListItems = 10 }));

    [TestMethod]
    public void Build_NoComplaints_SaysSo()
    {
        var card = Builder.Build([], "es", Now, Departments);

        Assert.Contains("Aún no tienes quejas.", AllText(card));
        Assert.IsNull(card.Actions);
    }

    [TestMethod]
    public void Build_ManyComplaints_NewestFirstUpToTheLimitWithStatusButtons()
    {
        var complaints = Enumerable.Range(1, 25).Select(Numbered).ToList();

        var card = Builder.Build(complaints, "en", Now, Departments);

        var statuses = Executes(Json(card));
        Assert.HasCount(10, statuses);
        Assert.AreSequenceEqual(
            Enumerable.Range(16, 10).Reverse().Select(i => $"c-{i}"),
            statuses.Select(s => s["data"]!["complaintId"]!.GetValue<string>()));
        Assert.IsTrue(statuses.All(s => s["verb"]!.GetValue<string>() == CardVerbs.Status && s["data"]!["version"]!.GetValue<long>() == 2));
        var text = AllText(card);
        Assert.Contains("c-25 · Received", text);
        Assert.Contains("Billing · 2 h ago", text);
        Assert.Contains("Showing the latest 10 of 25.", text);
    }

    [TestMethod]
    public void Build_MostItemsOfLongMultiByteText_StaysUnder28KB()
    {
        var builder = new ComplaintListCardBuilder(Options.Create(new CardOptions { MaxListItems = CardOptions.MaxListItemsLimit }));
        var complaints = Enumerable.Range(1, 30)
            .Select(i => Complaint.Receive($"c-{i:D6}", Submission(text: string.Concat(Enumerable.Repeat("😀", 5_000))), RoutedTo(Billing), Cm, Start))
            .ToList();

        var card = builder.Build(complaints, "es", Now, [.. Departments.Select(d => d with { Name = new string('d', 60) })]);

        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, Utf8Size(card));
        Assert.HasCount(CardOptions.MaxListItemsLimit, Executes(Json(card)));
    }

    private static Complaint Numbered(int i) =>
        Complaint.Receive($"c-{i}", Submission(text: $"Complaint number {i}"), RoutedTo(Billing), Cm, Start.AddMinutes(i));
}
