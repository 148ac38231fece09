using System.Text;
using System.Text.Json;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.UnitTests.Cards;

/// <summary>A card is serialized once: the bytes measured against the budget are the bytes sent.</summary>
[TestClass]
public sealed class MeasuredCardTests
{
    [TestMethod]
    public void SizeOf_ThenSentInAnInvokeResponse_TheMeasuredBytesAreSent()
    {
        // A list that can still change after measuring shows which bytes go out: the measured ones.
        var body = new List<CardElement> { new TextBlock("measured") };
        var card = new AdaptiveCard { Body = body };
        var size = CardBudget.SizeOf(card);
        body.Add(new TextBlock("added after measuring"));

        var sent = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(AdaptiveCardInvokeResponse.Card(card), ProtocolJsonSerializer.SerializationOptions));

        using var document = JsonDocument.Parse(sent);
        var value = document.RootElement.GetProperty("value").GetRawText();
        Assert.AreEqual(size, Encoding.UTF8.GetByteCount(value));
        Assert.Contains("measured", value);
        Assert.DoesNotContain("added after measuring", value);
    }

    [TestMethod]
    public void SizeOf_CopyWithAChange_TheCopyIsSerializedAnew()
    {
        var card = new AdaptiveCard { Body = [new TextBlock("original")], FallbackText = "first" };
        CardBudget.SizeOf(card);

        var copy = card with { FallbackText = "second" };
        var json = JsonSerializer.Serialize(copy, ProtocolJsonSerializer.SerializationOptions);

        Assert.Contains("\"fallbackText\":\"second\"", json);
        Assert.DoesNotContain("first", json);
    }

    [TestMethod]
    public void Serialize_MeasuredOrNot_TheSameJson()
    {
        AdaptiveCard Compose() => new()
        {
            Body = [new TextBlock("Queja «urgente» & <b>no</b> “resuelta”") { Weight = "Bolder" }, new FactSet([new("Estado", "Abierta")])],
            Actions = [new ExecuteAction("Ver", CardVerbs.Status) { Data = JsonSerializer.SerializeToElement(new { complaintId = "C1" }) }],
            Refresh = new CardRefresh(new ExecuteAction("Refresh", CardVerbs.Status), ["u1"]),
        };
        var unmeasured = JsonSerializer.Serialize(Compose(), ProtocolJsonSerializer.SerializationOptions);
        var measured = Compose();
        var size = CardBudget.SizeOf(measured);

        var sent = JsonSerializer.Serialize(measured, ProtocolJsonSerializer.SerializationOptions);

        Assert.AreEqual(unmeasured, sent);
        Assert.AreEqual(Encoding.UTF8.GetByteCount(unmeasured), size);
        Assert.Contains("\"type\":\"Action.Execute\"", sent, "the refresh action keeps its discriminator");
    }

    [TestMethod]
    public void Texts_LookedUpTwicePerLanguage_TheResourceStrings()
    {
        foreach (var (locale, culture) in new[] { ("en-US", Texts.English), ("es-ES", Texts.Spanish) })
        {
            var texts = Texts.For(locale);
            var expected = Texts.Resources.GetString("Intake_Problems_Title", culture);
            Assert.AreEqual(expected, texts["Intake_Problems_Title"]);
            Assert.AreEqual(expected, texts["Intake_Problems_Title"]);
        }

        Assert.AreNotEqual(Texts.For("en")["Intake_Problems_Title"], Texts.For("es")["Intake_Problems_Title"]);
        Assert.ThrowsExactly<KeyNotFoundException>(() => Texts.For("es")["No_Such_Text"]);
        Assert.ThrowsExactly<KeyNotFoundException>(() => Texts.For("es")["No_Such_Text"], "a missing text is never remembered");
    }
}
