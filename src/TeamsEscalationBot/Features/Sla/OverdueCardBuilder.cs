using Microsoft.Extensions.Options;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Sla;

/// <summary>
/// The answer to <c>overdue</c>: the departments asked about and the time of the answer, then the complaints, most
/// overdue first, each with its state ("Claim overdue by 2 hours 10 minutes", coloured by band), id, department,
/// priority, first words and an "Open card" link to its channel message; at most <c>Cards:MaxListItems</c> of them.
/// </summary>
internal sealed class OverdueCardBuilder(IOptions<CardOptions> options, CardClock clock)
{
    private readonly int maxItems = Math.Clamp(options?.Value.MaxListItems ?? 10, 1, CardOptions.MaxListItemsLimit);

    /// <summary><paramref name="items"/> in the order given; times in <paramref name="timeZone"/> (the viewer's), else each clock's business-hours zone, else <c>Cards:TimeZone</c>.</summary>
    public AdaptiveCard Build(
        IReadOnlyList<OverdueItem> items, IReadOnlyList<Department> departments, string? locale, string? timeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(departments);
        var texts = Texts.For(locale);
        var names = string.Join(", ", departments.Select(d => d.Name));
        var shown = items.Take(maxItems).ToList();
        var zone = SlaText.Zone(timeZone, null, clock.Zone);
        var header = new TextBlock(texts.Format("Overdue_Subtitle", CardText.Truncate(names, CardBudget.ShortFieldChars), TimeZoneInfo.ConvertTime(now, zone).ToString("HH:mm", texts.Culture), zone.Id))
        {
            IsSubtle = true,
            Size = "Small",
            Spacing = "None",
        };
        IEnumerable<CardElement> Footer() => items.Count > shown.Count
            ? [new TextBlock(texts.Plural("Overdue_More", items.Count - shown.Count)) { IsSubtle = true, Size = "Small", Spacing = "Medium" }]
            : [];
        IEnumerable<CardElement> Lines(int excerptChars) => shown.Count == 0
            ? [new TextBlock(texts.Format("Overdue_None", CardText.Truncate(names, CardBudget.ShortFieldChars))) { Spacing = "Medium" }]
            : shown.Select(item => (CardElement)Item(item, texts, timeZone, now, excerptChars));

        var (card, size) = CardBudget.Fit(
            n => new AdaptiveCard
            {
                FallbackText = texts["Overdue_Title"],
                Body = [new TextBlock(texts["Overdue_Title"]) { Size = "Medium", Weight = "Bolder" }, header, .. Lines(n), .. Footer()],
            },
            CardBudget.ListExcerptChars,
            0,
            Math.Max(1, shown.Count));
        return size <= CardBudget.MaxBytes ? card : throw CardBudget.TooBig("overdue", size);
    }

    private Container Item(OverdueItem item, Texts texts, string? timeZone, DateTimeOffset now, int excerptChars)
    {
        var (complaint, status) = (item.Complaint, item.Status);
        // A list answered just now: "overdue by…" reads right, and the header says as of when.
        var state = SlaText.State(status, complaint.State, now, SlaText.Zone(timeZone, status, clock.Zone), texts, relative: true);
        var side = item.CardLink is { } link
            ? (CardElement)new ActionSet([new OpenUrlAction(texts["Overdue_Action_Open"], link)])
            : new TextBlock(texts["Overdue_NoCard"]) { IsSubtle = true, Size = "Small" };
        return new Container(
        [
            new ColumnSet(
            [
                new Column(
                [
                    new TextBlock(char.ToUpper(state[0], texts.Culture) + state[1..]) { Weight = "Bolder", Color = SlaText.Color(status.Band) },
                    new TextBlock($"{complaint.Id} · {item.Department.Name} · {CardWords.Priority(texts, complaint.Priority)}")
                    {
                        IsSubtle = true,
                        Size = "Small",
                        Spacing = "None",
                    },
                    CardBlocks.Plain(CardText.Gist(complaint.Text, excerptChars)) with { Spacing = "Small" },
                ])
                { Width = "stretch" },
                new Column([side]) { Width = "auto", VerticalContentAlignment = "Center" },
            ]),
        ])
        {
            Separator = true,
            Spacing = "Medium",
        };
    }
}
