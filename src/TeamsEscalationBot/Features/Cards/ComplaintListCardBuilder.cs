using Microsoft.Extensions.Options;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Cards;

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
        var card = new AdaptiveCard
        {
            FallbackText = texts["List_Title"],
            Body =
            [
                new TextBlock(texts["List_Title"]) { Size = "Medium", Weight = "Bolder" },
                .. shown.Count == 0 ? [new TextBlock(texts["List_Empty"])] : shown.Select(c => (CardElement)Item(c, texts, now, departments)),
                .. complaints.Count > shown.Count
                    ? [new TextBlock(texts.Format("List_More", shown.Count, complaints.Count)) { IsSubtle = true, Size = "Small", Spacing = "Medium" }]
                    : Array.Empty<CardElement>(),
            ],
        };

        // Items are capped in number and length, so the list always fits; measured anyway so a change that breaks it shows.
        var size = CardBudget.SizeOf(card);
        return size <= CardBudget.MaxBytes ? card : throw CardBudget.TooBig("list", size);
    }

    private static Container Item(Complaint complaint, Texts texts, DateTimeOffset now, IReadOnlyList<CardDepartment> departments) =>
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
                    ComplaintCardBuilder.Plain(CardText.Excerpt(complaint.Text, CardBudget.ListExcerptChars)) with { Spacing = "Small" },
                ])
                { Width = "stretch" },
                new Column(
                [
                    new ActionSet(
                    [
                        new ExecuteAction(texts["List_Action_Status"], CardVerbs.Status)
                        {
                            Data = CardData.ForComplaint(complaint),
                            AssociatedInputs = "none",
                        },
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
