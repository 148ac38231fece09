using Microsoft.Extensions.Options;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.TeamsIntake;

/// <summary>
/// Lists of complaints in the personal chat, each with its id, state, department, when it arrived, its first words and
/// a Status button: "my complaints" (the community manager's latest), and the complaints whose id starts with what was
/// typed after <c>status</c> when that is more than one.
/// </summary>
internal sealed class ComplaintListCardBuilder(IOptions<CardOptions> options, CardClock clock)
{
    private readonly int maxItems = Math.Clamp(options?.Value.MaxListItems ?? 10, 1, CardOptions.MaxListItemsLimit);

    /// <summary>The newest <c>Cards:MaxListItems</c> of <paramref name="complaints"/> (the viewer's own), and how many more there are.</summary>
    public AdaptiveCard Build(IReadOnlyList<Complaint> complaints, string? locale, IReadOnlyList<CardDepartment> departments)
    {
        ArgumentNullException.ThrowIfNull(complaints);
        ArgumentNullException.ThrowIfNull(departments);
        var texts = Texts.For(locale);
        var shown = complaints.OrderByDescending(c => c.CreatedAt).Take(maxItems).ToList();
        IEnumerable<CardElement> More() => complaints.Count > shown.Count
            ? [Footer(texts.Plural("List_More", shown.Count, complaints.Count))]
            : [];

        // Items are capped in number; their excerpts give way, all alike, when the card would still be too big.
        var (card, size) = CardBudget.Fit(
            n => Compose(texts["List_Title"], [], shown.Count == 0 ? [new TextBlock(texts["List_Empty"])] : Items(shown, texts, departments, n, _ => true), More()),
            CardBudget.ListExcerptChars,
            0,
            Math.Max(1, shown.Count));
        return size <= CardBudget.MaxBytes ? card : throw CardBudget.TooBig("list", size);
    }

    /// <summary>
    /// The answer to <c>status &lt;prefix&gt;</c> when several ids start with <paramref name="prefix"/>: the
    /// <paramref name="matches"/> found (in id order, at most <see cref="CardOptions.MaxListItemsLimit"/>), each with
    /// its first words when <paramref name="showsText"/> says the viewer may read them (else only id, state and
    /// department), and how many more of the <paramref name="total"/> there are.
    /// </summary>
    public AdaptiveCard BuildMatches(
        string prefix,
        IReadOnlyList<Complaint> matches,
        int total,
        string? locale,
        IReadOnlyList<CardDepartment> departments,
        Func<Complaint, bool> showsText,
        CardNotice? notice = null)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(departments);
        ArgumentNullException.ThrowIfNull(showsText);
        var texts = Texts.For(locale);
        var shown = matches.Take(CardOptions.MaxListItemsLimit).ToList();
        var more = Math.Max(0, total - shown.Count);
        // Shown only in canonical form (the id alphabet), as the command handler passes it: never what was typed as is.
        var title = texts.Plural("Chat_Matches_Title", total, ComplaintIds.NormalizePrefix(prefix) ?? string.Empty);
        var (card, size) = CardBudget.Fit(
            n => Compose(
                title,
                [.. CardBlocks.Notice(notice), new TextBlock(texts["Chat_Matches_Intro"]) { Spacing = "Small" }],
                Items(shown, texts, departments, n, showsText),
                more > 0 ? [Footer(texts.Plural("Chat_Matches_More", more))] : []),
            CardBudget.HeadlineChars,
            0,
            Math.Max(1, shown.Count));
        return size <= CardBudget.MaxBytes ? card : throw CardBudget.TooBig("matches", size);
    }

    private static AdaptiveCard Compose(string title, IEnumerable<CardElement> intro, IEnumerable<CardElement> items, IEnumerable<CardElement> footer) => new()
    {
        FallbackText = title,
        Body = [new TextBlock(title) { Size = "Medium", Weight = "Bolder" }, .. intro, .. items, .. footer],
    };

    private IEnumerable<CardElement> Items(
        List<Complaint> complaints, Texts texts, IReadOnlyList<CardDepartment> departments, int excerptChars, Func<Complaint, bool> showsText) =>
        complaints.Select(c => (CardElement)Item(c, texts, departments, excerptChars, showsText(c)));

    private static TextBlock Footer(string text) => new(text) { IsSubtle = true, Size = "Small", Spacing = "Medium" };

    /// <summary>
    /// One complaint; it says when the complaint arrived as a date, which stays true in a chat read days later. Without
    /// <paramref name="details"/> only its id, state and department (what an outsider may know).
    /// </summary>
    private Container Item(Complaint complaint, Texts texts, IReadOnlyList<CardDepartment> departments, int excerptChars, bool details) =>
        new([
            new ColumnSet(
            [
                new Column(
                [
                    new TextBlock($"{complaint.Id} · {CardWords.State(texts, complaint.State)}") { Weight = "Bolder" },
                    new TextBlock(details
                        ? $"{CardDepartment.NameOf(departments, complaint.DepartmentId)} · {clock.Date(complaint.CreatedAt, texts.Culture)}"
                        : CardDepartment.NameOf(departments, complaint.DepartmentId))
                    {
                        IsSubtle = true,
                        Size = "Small",
                        Spacing = "None",
                    },
                    .. details ? [CardBlocks.Plain(CardText.Gist(complaint.Text, excerptChars)) with { Spacing = "Small" }] : Array.Empty<CardElement>(),
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
