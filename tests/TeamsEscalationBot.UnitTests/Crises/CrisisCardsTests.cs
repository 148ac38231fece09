using System.Text.Json;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Crises;
using TeamsEscalationBot.Features.Crises;
using static TeamsEscalationBot.UnitTests.Cards.CardFixture;

namespace TeamsEscalationBot.UnitTests.Crises;

/// <summary>The crisis alert card and the channel banner: what they show in English and Spanish, the button, the budget.</summary>
[TestClass]
public sealed class CrisisCardsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>An open keyword crisis of 12 complaints over 25 minutes (tests and the card catalog share it).</summary>
    internal static Crisis Crisis(int samples = 3, string headline = "app, login, crashes", string sample = "The app crashes at login since this morning") => new()
    {
        Id = "crisis-0123456789abcdef0123",
        Trait = new CrisisTrait(CrisisTraitKind.Keywords, "app login crashes"),
        Headline = headline,
        State = CrisisState.Open,
        StartedAt = Start,
        OpenedAt = Start.AddMinutes(12),
        LastUpdatedAt = Start.AddMinutes(25),
        ComplaintIds = [.. Enumerable.Range(1, 12).Select(i => $"C01JDX{i:D10}")],
        Networks = [new NetworkCount(Network.X, 8), new NetworkCount(Network.Facebook, 4)],
        Samples = [.. Enumerable.Range(1, samples).Select(i => $"{sample} ({i})")],
    };

    private static readonly CrisisCardBuilder Cards = new(Clock);

    [TestMethod]
    public void Alert_OpenCrisisInEnglish_HeadlineCountSpanNetworksSamplesAndTheButton()
    {
        var card = Cards.Alert(Crisis(), ["Billing", "Customer Care"], "en-US");

        var texts = Texts(card);
        CollectionAssert.IsSubsetOf(new[] { "⚠ Reputation crisis", "app, login, crashes", "12", "Billing, Customer Care" }, texts, string.Join(" | ", texts));
        Assert.IsTrue(texts.Any(t => t.StartsWith("2 Mar 2026, 09:00 – 09:25 (25 minutes)", StringComparison.Ordinal)), string.Join(" | ", texts));
        Assert.IsTrue(texts.Any(t => t.Contains("X 8", StringComparison.Ordinal) && t.Contains("Facebook 4", StringComparison.Ordinal)), string.Join(" | ", texts));
        Assert.AreEqual(3, texts.Count(t => t.Contains("The app crashes at login", StringComparison.Ordinal)));
        var button = (ExecuteAction)Assert.ContainsSingle(card.Actions!);
        Assert.AreEqual(CardVerbs.CrisisHandled, button.Verb);
        Assert.AreEqual("crisis-0123456789abcdef0123", CrisisCardBuilder.ReadCrisisId(button.Data));
    }

    [TestMethod]
    public void Alert_HandledInSpanish_WhoAndWhenAndNoButton()
    {
        var crisis = Crisis() with { State = CrisisState.Handled, HandledBy = "Lena Líder", HandledAt = Start.AddMinutes(40) };

        var card = Cards.Alert(crisis, ["Facturación"], "es-ES");

        var texts = Texts(card);
        CollectionAssert.IsSubsetOf(new[] { "Crisis de reputación (atendida)", "Atendida por", "Lena Líder, 2 mar 2026, 09:40" }, texts, string.Join(" | ", texts));
        Assert.IsNull(card.Actions);
    }

    [TestMethod]
    public void Banner_OpenCrisis_SaysWhoWasAlertedAndHasNoButton()
    {
        var card = Cards.Banner(Crisis(), ["Billing"], "en-US");

        Assert.IsTrue(Texts(card).Any(t => t.StartsWith("The executives and the leads", StringComparison.Ordinal)));
        Assert.IsNull(card.Actions);
    }

    [TestMethod]
    [DataRow("en-US")]
    [DataRow("es-ES")]
    public void Alert_LongestSamplesAndManyDepartments_WithinTheBudget(string locale)
    {
        var crisis = Crisis(samples: 10, sample: new string('ñ', 2_000), headline: new string('x', 5_000));
        var departments = Enumerable.Range(1, 20).Select(i => $"Department {i} with a long name").ToList();

        var size = CardBudget.SizeOf(Cards.Alert(crisis, departments, locale));

        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, size);
    }

    private static List<string> Texts(AdaptiveCard card)
    {
        var texts = new List<string>();
        void Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.Name is "text" or "title" && property.Value.ValueKind == JsonValueKind.String)
                        {
                            texts.Add(property.Value.GetString()!);
                        }

                        Walk(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
            }
        }

        Walk(JsonSerializer.SerializeToElement(card, ProtocolJsonSerializer.SerializationOptions));
        return texts;
    }
}
