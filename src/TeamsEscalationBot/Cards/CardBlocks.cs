namespace TeamsEscalationBot.Cards;

/// <summary>
/// The elements every card builds the same way. Text that came from outside (complaint, notes, answers, handles,
/// categories, people's names, anything typed into a card) reaches a card only through here: made inert
/// (<see cref="CardText.Inert"/>) and written as a <see cref="TextRun"/>, which Teams and the official renderer never
/// read as markdown. TextBlocks and FactSets, which they do, hold only the bot's own words.
/// </summary>
internal static class CardBlocks
{
    /// <summary>Text shown as typed: a text run, so no link, image, emphasis or list in it is interpreted.</summary>
    public static RichTextBlock Plain(string text, bool subtle = false) =>
        new([new TextRun(CardText.Inert(text)) { IsSubtle = subtle ? true : null, Size = subtle ? "Small" : null }]);

    /// <summary>A heading or strong line that may hold outside text (a name, what was typed): bold, as a text run.</summary>
    public static RichTextBlock Strong(string text, string? size = null) =>
        new([new TextRun(CardText.Inert(text)) { Weight = "Bolder", Size = size }]);

    /// <summary>
    /// Title and value pairs, values shown as typed: one row each, the title in the bot's words (bold) and the value as
    /// a text run. Weighted columns line the values up as a FactSet would, whose values Teams reads as markdown.
    /// </summary>
    public static Container Facts(IEnumerable<Fact> facts) => new(
    [
        .. facts.Select(fact => (CardElement)new ColumnSet(
        [
            new Column([new TextBlock(fact.Title) { Weight = "Bolder" }]) { Width = "1" },
            new Column([Plain(fact.Value)]) { Width = "2" },
        ])
        {
            Spacing = "Small",
        }),
    ]);

    /// <summary>The notice in a container styled by its kind, shortened to the budget; nothing without a notice.</summary>
    public static IEnumerable<CardElement> Notice(CardNotice? notice) => notice is null ? [] :
    [
        new Container([Strong(CardText.Truncate(CardText.Inert(notice.Text), CardBudget.NoticeChars))])
        {
            Style = notice.Kind switch
            {
                CardNoticeKind.Info => "Good",
                CardNoticeKind.Warning => "Warning",
                _ => "Attention",
            },
        },
    ];
}
