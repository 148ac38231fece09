using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Complaints;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Cards;

/// <summary>Builders, viewers and contexts for card tests, and helpers that read a card back as JSON.</summary>
internal static class CardFixture
{
    public static readonly CardDepartment[] Departments =
        [new(Billing, "Billing"), new(Logistics, "Logistics"), new("triage", "Triage")];

    public static readonly DateTimeOffset Now = Start.AddHours(3);

    public static readonly CardClock Clock = new(TimeZoneInfo.Utc);

    public static readonly ComplaintCardBuilder Builder = new(Clock, new AuditLineFormatter(Clock));

    /// <summary>Luis is a member who never owns the fixture's complaints; Ana claims them.</summary>
    public static readonly CardViewer Member = new(Luis.Id, Luis.DisplayName, CardViewerRole.DepartmentMember);

    public static readonly CardViewer OwnerAna = new(Ana.Id, Ana.DisplayName, CardViewerRole.Owner);

    public static readonly CardViewer Outsider = new("aad-out", "Olga Otero", CardViewerRole.ReadOnly);

    public static CardViewer ViewerFor(CardViewerRole role) => role switch
    {
        CardViewerRole.DepartmentMember => Member,
        CardViewerRole.Owner => OwnerAna,
        CardViewerRole.ReadOnly => Outsider,
        _ => CardViewer.Channel,
    };

    public static ComplaintCardContext Context(CardViewer viewer, string locale = "en-US") => new()
    {
        Viewer = viewer,
        Sight = ComplaintSight.Department,
        Locale = locale,
        Now = Now,
        Departments = Departments,
    };

    public static AdaptiveCard Build(Complaint complaint, CardViewerRole role, string locale = "en-US") =>
        Builder.Build(complaint, Context(ViewerFor(role), locale));

    public static Complaint WithDraft(string draft = "We are checking your invoice.")
    {
        var complaint = InState(ComplaintState.Claimed);
        MustSucceed(complaint.SaveDraft(Ana, draft, Start.AddMinutes(5)));
        return complaint;
    }

    /// <summary>Open in billing, then moved to logistics by Ana with a reason.</summary>
    public static Complaint ReassignedToLogistics()
    {
        var complaint = InState(ComplaintState.Open);
        MustSucceed(complaint.Reassign(Ana, Logistics, "Shipping problem, not billing", Start.AddMinutes(6)));
        return complaint;
    }

    public static JsonObject Json(AdaptiveCard card) =>
        JsonNode.Parse(JsonSerializer.Serialize(card, ProtocolJsonSerializer.SerializationOptions))!.AsObject();

    public static int Utf8Size(AdaptiveCard card) => Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(card, ProtocolJsonSerializer.SerializationOptions));

    /// <summary>Every object with a <c>type</c> in the card (elements, actions, nested cards), depth first, refresh included.</summary>
    public static IEnumerable<JsonObject> Typed(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue)
                {
                    yield return obj;
                }

                foreach (var child in obj.SelectMany(p => Typed(p.Value)))
                {
                    yield return child;
                }

                break;
            case JsonArray array:
                foreach (var child in array.SelectMany(Typed))
                {
                    yield return child;
                }

                break;
        }
    }

    public static string TypeOf(JsonObject obj) => obj["type"]!.GetValue<string>();

    /// <summary>Every Action.Execute, the refresh action left out.</summary>
    public static IReadOnlyList<JsonObject> Executes(JsonObject card)
    {
        var refresh = card["refresh"]?["action"];
        return [.. Typed(card).Where(o => TypeOf(o) == "Action.Execute" && !ReferenceEquals(o, refresh))];
    }

    public static IReadOnlyList<string> Verbs(AdaptiveCard card) =>
        [.. Executes(Json(card)).Select(a => a["verb"]!.GetValue<string>()).Distinct()];

    public static JsonObject Input(JsonObject card, string id) =>
        Typed(card).Single(o => o["id"]?.GetValue<string>() == id);

    /// <summary>All texts a person can read on the card: text, titles, labels, fact titles and values, choices.</summary>
    public static string AllText(AdaptiveCard card)
    {
        var texts = new List<string>();
        Collect(Json(card), texts);
        return string.Join("\n", texts);
    }

    private static void Collect(JsonNode? node, List<string> texts)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key is "text" or "title" or "label" or "value" or "placeholder" or "errorMessage" or "fallbackText"
                        && value is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        texts.Add(s);
                    }

                    Collect(value, texts);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, texts);
                }

                break;
        }
    }
}
