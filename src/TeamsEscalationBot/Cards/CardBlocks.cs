namespace TeamsEscalationBot.Cards;

/// <summary>The elements every card builds the same way: user text as typed, and the notice line at the top.</summary>
internal static class CardBlocks
{
    /// <summary>User text (complaint, notes, answers): a text run, so Teams shows it as typed instead of as markdown.</summary>
    public static RichTextBlock Plain(string text, bool subtle = false) =>
        new([new TextRun(text) { IsSubtle = subtle ? true : null, Size = subtle ? "Small" : null }]);

    /// <summary>The notice in a container styled by its kind, shortened to the budget; nothing without a notice.</summary>
    public static IEnumerable<CardElement> Notice(CardNotice? notice) => notice is null ? [] :
    [
        new Container([new TextBlock(CardText.Truncate(notice.Text, CardBudget.NoticeChars)) { Weight = "Bolder" }])
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
