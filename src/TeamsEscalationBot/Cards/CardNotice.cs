using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Cards;

internal enum CardNoticeKind
{
    Info,
    Warning,
    Error,
}

/// <summary>A line at the top of a card that tells the viewer what just happened (a refusal, a saved draft…).</summary>
internal sealed record CardNotice(string Text, CardNoticeKind Kind);

/// <summary>The localized notices action handlers put on the card they return.</summary>
internal static class CardNotices
{
    /// <summary>The viewer's action was refused by the domain; says why in the viewer's language.</summary>
    public static CardNotice FromRefusal(Refusal refusal, Texts texts, IReadOnlyList<CardDepartment> departments)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(departments);
        var text = refusal.Code switch
        {
            RefusalCode.AlreadyClaimed => texts.Format("Card_Notice_AlreadyClaimed", refusal.OwnerDisplayName),
            RefusalCode.AlreadyOwner => texts.Format("Card_Notice_AlreadyOwner", refusal.OwnerDisplayName),
            RefusalCode.SameDepartment => texts.Format(
                "Card_Notice_SameDepartment", CardDepartment.NameOf(departments, refusal.DepartmentId ?? string.Empty)),
            RefusalCode.TextRequired => texts["Card_Notice_TextRequired"],
            RefusalCode.TextTooLong => texts.Plural("Card_Notice_TextTooLong", refusal.Limit ?? ComplaintLimits.MaxTextLength),
            RefusalCode.TooManyNotes => texts.Plural("Card_Notice_TooManyNotes", refusal.Limit ?? ComplaintLimits.MaxNotes),
            RefusalCode.HistoryFull => texts.Plural("Card_Notice_HistoryFull", refusal.Limit ?? ComplaintLimits.MaxHistoryEvents),
            _ => texts.Format("Card_Notice_NotNow", CardWords.State(texts, refusal.State)),
        };
        return new(text, CardNoticeKind.Warning);
    }

    /// <summary>The card the viewer clicked was out of date; the returned card is the current one.</summary>
    public static CardNotice Stale(Texts texts) => new(Require(texts)["Card_Notice_Stale"], CardNoticeKind.Warning);

    /// <summary>Membership could not be checked (Graph unavailable).</summary>
    public static CardNotice DirectoryUnavailable(Texts texts) => new(Require(texts)["Card_Notice_DirectoryUnavailable"], CardNoticeKind.Error);

    /// <summary>The viewer is not a member of the complaint's department.</summary>
    public static CardNotice NotAMember(Texts texts, string departmentName) =>
        new(Require(texts).Format("Card_Notice_NotAMember", departmentName), CardNoticeKind.Warning);

    public static CardNotice DraftSaved(Texts texts) => new(Require(texts)["Card_Notice_DraftSaved"], CardNoticeKind.Info);

    public static CardNotice NoteAdded(Texts texts) => new(Require(texts)["Card_Notice_NoteAdded"], CardNoticeKind.Info);

    /// <summary>Something failed on the bot's side; try again.</summary>
    public static CardNotice TryAgain(Texts texts) => new(Require(texts)["Card_Notice_TryAgain"], CardNoticeKind.Error);

    private static Texts Require(Texts texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts;
    }
}
