using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.Cards;

/// <summary>
/// The size budget of every card. Teams refuses cards over 28 KB, so each builder caps the parts that grow with user
/// text (below) and, where a card can still be too big, shortens the one part that can give way and measures again.
/// </summary>
internal static class CardBudget
{
    /// <summary>28 KB, counted as 28 000 bytes so it holds whichever kilobyte Teams means (UTF-8, <see cref="ProtocolJsonSerializer.SerializationOptions"/>).</summary>
    public const int MaxBytes = 28_000;

    /// <summary>Characters of the complaint's first words in the complaint card's headline (and of each match of a <c>status</c> prefix).</summary>
    public const int HeadlineChars = 80;

    /// <summary>Characters of the complaint text in a card's body; the rest is behind "Show full text".</summary>
    public const int PreviewChars = 600;

    /// <summary>Most characters behind "Show full text" (less when the card would be too big).</summary>
    public const int FullTextChars = 10_000;

    /// <summary>Characters of the agreed answer shown as text on the relay card when it has to give way.</summary>
    public const int AnswerPreviewChars = 600;

    /// <summary>History events listed on the complaint card, newest first.</summary>
    public const int HistoryEvents = 5;

    /// <summary>Teams refreshes a card automatically for at most 60 users.</summary>
    public const int MaxRefreshUserIds = 60;

    /// <summary>People offered in the Assign picker before searching.</summary>
    public const int MaxAssignChoices = 10;

    /// <summary>Characters of a person's display name on a card.</summary>
    public const int NameChars = 64;

    /// <summary>Characters of short user fields (author handle, category) on a card.</summary>
    public const int ShortFieldChars = 100;

    /// <summary>Characters of a notice line.</summary>
    public const int NoticeChars = 300;

    /// <summary>Characters of a complaint's text in the list card, the confirmation and the relay card.</summary>
    public const int ExcerptChars = 300;

    /// <summary>Characters of each complaint's text in the "my complaints" card.</summary>
    public const int ListExcerptChars = 120;

    /// <summary>
    /// The card's size as Teams receives it: UTF-8 JSON with the Bot Framework options. The bytes measured are the ones
    /// sent: the card is not serialized again when it goes out (<see cref="ProtocolJsonSerializer.Measure"/>).
    /// </summary>
    public static int SizeOf(AdaptiveCard card) => ProtocolJsonSerializer.Measure(card).Length;

    /// <summary>
    /// Characters to keep of a text that can give way (repeated <paramref name="copies"/> times, e.g. once per list item)
    /// when a card of <paramref name="size"/> bytes is too big. Removing a character removes at least one byte (up to six
    /// when JSON escapes it), and <paramref name="slack"/> covers what shortening adds ("…" and a line that says so).
    /// </summary>
    public static int Shorten(int currentChars, int size, int floorChars, int copies = 1, int slack = 256) =>
        Math.Max(floorChars, currentChars - (int)Math.Ceiling((double)(size - MaxBytes + slack) / Math.Max(1, copies)));

    /// <summary>
    /// Composes a card with <paramref name="chars"/> characters of the part that gives way; when the card is too big and
    /// that part can shrink, composes it once more with the part shortened by the overflow.
    /// </summary>
    public static (AdaptiveCard Card, int Size) Fit(Func<int, AdaptiveCard> compose, int chars, int floorChars, int copies = 1)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var card = compose(chars);
        var size = SizeOf(card);
        if (size > MaxBytes && chars > floorChars)
        {
            card = compose(Shorten(chars, size, floorChars, copies));
            size = SizeOf(card);
        }

        return (card, size);
    }

    /// <summary>The card when it is within the budget; a card that cannot grow past it is still measured, so a change that breaks it shows.</summary>
    public static AdaptiveCard Checked(AdaptiveCard card, string name)
    {
        var size = SizeOf(card);
        return size <= MaxBytes ? card : throw TooBig(name, size);
    }

    public static InvalidOperationException TooBig(string card, int size) =>
        new($"The {card} card is {size} bytes even after shortening, over the {MaxBytes}-byte budget.");
}
