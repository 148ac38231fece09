using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Crises;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Crises;

/// <summary>
/// The crisis alert card (1:1, to executives and leads, with "Mark as handled" while open) and the banner in a
/// department's channel: the headline (what the complaints share), how many and over what time span, the networks,
/// the departments, a few sample texts and, once handled, who handled it and when. Headline, samples and the
/// handler's name come from outside: shown only as inert, shortened text runs (<see cref="CardBlocks"/>).
/// </summary>
internal sealed class CrisisCardBuilder(CardClock clock)
{
    public const string CrisisIdKey = "crisisId";

    /// <summary>Characters of the headline and of each sample text.</summary>
    public const int HeadlineChars = 120;

    public const int SampleChars = 280;

    /// <summary>The 1:1 alert card.</summary>
    public AdaptiveCard Alert(Crisis crisis, IReadOnlyList<string> departmentNames, string? locale, CardNotice? notice = null) =>
        Build(crisis, departmentNames, Texts.For(locale), notice, banner: false);

    /// <summary>The banner in a department's channel: the same facts, no button.</summary>
    public AdaptiveCard Banner(Crisis crisis, IReadOnlyList<string> departmentNames, string? locale) =>
        Build(crisis, departmentNames, Texts.For(locale), null, banner: true);

    /// <summary>The crisis id of a "Mark as handled" action's data; null when missing.</summary>
    public static string? ReadCrisisId(JsonElement? data) => CardData.GetString(data, CrisisIdKey);

    private AdaptiveCard Build(Crisis crisis, IReadOnlyList<string> departmentNames, Texts texts, CardNotice? notice, bool banner)
    {
        ArgumentNullException.ThrowIfNull(crisis);
        ArgumentNullException.ThrowIfNull(departmentNames);
        var (card, size) = CardBudget.Fit(n => Compose(crisis, departmentNames, texts, notice, banner, n), SampleChars, 40, Math.Max(1, crisis.Samples.Count));
        return size <= CardBudget.MaxBytes ? card : throw CardBudget.TooBig("crisis", size);
    }

    private AdaptiveCard Compose(Crisis crisis, IReadOnlyList<string> departmentNames, Texts texts, CardNotice? notice, bool banner, int sampleChars)
    {
        var handled = crisis.State == CrisisState.Handled;
        var shared = crisis.Trait.Kind switch
        {
            CrisisTraitKind.Keywords => texts["Crisis_Shared_Keywords"],
            CrisisTraitKind.Category => texts["Crisis_Shared_Category"],
            _ => texts["Crisis_Shared_Department"],
        };
        var minutes = Math.Max(1, (int)Math.Ceiling((crisis.LastUpdatedAt - crisis.StartedAt).TotalMinutes));
        var span = texts.Format(
            "Crisis_Span",
            clock.Date(crisis.StartedAt, texts.Culture),
            clock.Time(crisis.LastUpdatedAt, texts.Culture),
            texts.Plural("Crisis_Minutes", minutes));
        var networks = string.Join(", ", crisis.Networks.Select(n => $"{CardWords.Network(texts, n.Network)} {n.Complaints}"));
        List<Fact> facts =
        [
            new(texts["Crisis_Fact_Complaints"], crisis.ComplaintIds.Count.ToString(texts.Culture)),
            new(texts["Crisis_Fact_Span"], span),
            new(texts["Crisis_Fact_Networks"], networks),
        ];
        if (departmentNames.Count > 0)
        {
            facts.Add(new(texts["Crisis_Fact_Departments"], CardText.Truncate(string.Join(", ", departmentNames), CardBudget.ShortFieldChars * 2)));
        }

        if (handled && crisis.HandledBy is { } by && crisis.HandledAt is { } at)
        {
            facts.Add(new(texts["Crisis_Fact_HandledBy"], texts.Format("Crisis_HandledAt", CardText.Truncate(by, CardBudget.NameChars), clock.Date(at, texts.Culture))));
        }

        var title = texts[handled ? "Crisis_Title_Handled" : "Crisis_Title"];
        List<CardElement> body =
        [
            .. CardBlocks.Notice(notice),
            new Container(
            [
                new TextBlock(title) { Size = "Large", Weight = "Bolder", Color = handled ? "Good" : "Attention" },
                new TextBlock(shared) { IsSubtle = true, Spacing = "Small" },
                CardBlocks.Strong(CardText.Truncate(crisis.Headline, HeadlineChars), "Medium") with { Spacing = "None" },
            ])
            {
                Style = handled ? "Good" : "Attention",
                Bleed = true,
            },
            CardBlocks.Facts(facts) with { Spacing = "Medium" },
        ];
        if (crisis.Samples.Count > 0)
        {
            body.Add(new TextBlock(texts["Crisis_Samples"]) { Weight = "Bolder", Spacing = "Medium" });
            body.AddRange(crisis.Samples.Select(s => (CardElement)(CardBlocks.Plain("“" + CardText.Excerpt(s, sampleChars) + "”", subtle: true) with { Spacing = "Small" })));
        }

        if (banner || !handled)
        {
            body.Add(new TextBlock(texts[banner ? "Crisis_Banner" : "Crisis_Open_Hint"]) { IsSubtle = true, Size = "Small", Spacing = "Medium" });
        }

        body.Add(new TextBlock(crisis.Id) { IsSubtle = true, Size = "Small", Spacing = "Small" });
        return new AdaptiveCard
        {
            FallbackText = texts.Format("Crisis_Fallback", crisis.ComplaintIds.Count),
            Body = body,
            Actions = banner || handled ? null : [new ExecuteAction(texts["Crisis_Action_Handled"], CardVerbs.CrisisHandled) { Data = Data(crisis), AssociatedInputs = "none", Style = "positive" }],
        };
    }

    private static JsonElement Data(Crisis crisis) =>
        JsonSerializer.SerializeToElement(new JsonObject { [CrisisIdKey] = crisis.Id }, ProtocolJsonSerializer.SerializationOptions);
}
