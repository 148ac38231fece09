using Microsoft.Extensions.Options;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.TeamsIntake;

/// <summary>"My complaints": the community manager's latest complaints, each with its state, department, age and a Status button.</summary>
internal sealed class ComplaintListCardBuilder(IOptions<CardOptions> options)
{
    private readonly int maxItems = Math.Clamp(options?.Value.MaxListItems ?? 10, 1, CardOptions.MaxListItemsLimit);

    /// <summary>The newest <c>Cards:MaxListItems</c> of <paramref name="complaints"/>, and how many more there are.</summary>
    public AdaptiveCard Build(
        IReadOnlyList<Complaint> complaints, string? locale, DateTimeOffset now, IReadOnlyList<CardDepartment> departments)
    {
        ArgumentNullException.ThrowIfNull(complaints);
        ArgumentNullException.ThrowIfNull(departments);
        var texts = Texts.For(locale);
        var shown = complaints.OrderByDescending(c => c.CreatedAt).Take(maxItems).ToList();

        // Items are capped in number; their excerpts give way, all alike, when the card would still be too big.
        var (card, size) = CardBudget.Fit(
            n => Compose(texts, shown, complaints.Count, now, departments, n), CardBudget.ListExcerptChars, 0, Math.Max(1, shown.Count));
        return size <= CardBudget.MaxBytes ? card : throw CardBudget.TooBig("list", size);
    }

    private static AdaptiveCard Compose(
        Texts texts, List<Complaint> shown, int total, DateTimeOffset now, IReadOnlyList<CardDepartment> departments, int excerptChars) => new()
    {
        FallbackText = texts["List_Title"],
        Body =
        [
            new TextBlock(texts["List_Title"]) { Size = "Medium", Weight = "Bolder" },
            .. shown.Count == 0 ? [new TextBlock(texts["List_Empty"])] : shown.Select(c => (CardElement)Item(c, texts, now, departments, excerptChars)),
            .. total > shown.Count
                ? [new TextBlock(texts.Format("List_More", shown.Count, total)) { IsSubtle = true, Size = "Small", Spacing = "Medium" }]
                : Array.Empty<CardElement>(),
        ],
    };

    private static Container Item(Complaint complaint, Texts texts, DateTimeOffset now, IReadOnlyList<CardDepartment> departments, int excerptChars) =>
        new([
            new ColumnSet(
            [
                new Column(
                [
                    new TextBlock($"{complaint.Id} · {CardWords.State(texts, complaint.State)}") { Weight = "Bolder" },
                    new TextBlock($"{CardDepartment.NameOf(departments, complaint.DepartmentId)} · {CardClock.Ago(complaint.CreatedAt, now, texts)}")
                    {
                        IsSubtle = true,
                        Size = "Small",
                        Spacing = "None",
                    },
                    CardBlocks.Plain(CardText.Excerpt(complaint.Text, excerptChars)) with { Spacing = "Small" },
                ])
                { Width = "stretch" },
                new Column(
                [
                    new ActionSet(
                    [
                        new ExecuteAction(texts["List_Action_Status"], CardVerbs.Status) { Data = CardData.ForComplaint(complaint) },
                    ]),
                ])
                { Width = "auto", VerticalContentAlignment = "Center" },
            ]),
        ])
        {
            Separator = true,
            Spacing = "Medium",
        };
}
