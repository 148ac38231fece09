using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Cards;

/// <summary>The localized words for the domain's enums, and how each priority is drawn.</summary>
internal static class CardWords
{
    public static string State(Texts texts, ComplaintState state) => Word(texts, "Card_State_", state);

    public static string Priority(Texts texts, Priority priority) => Word(texts, "Card_Priority_", priority);

    public static string Network(Texts texts, Network network) => Word(texts, "Card_Network_", network);

    /// <summary>
    /// How the priority is drawn; the word is always shown too, so colour is never the only signal. Attention (red) and
    /// the default colour keep their contrast on Teams' light, dark and high-contrast themes (Warning is yellow on white).
    /// </summary>
    public static PriorityLook PriorityStyle(Priority priority) => priority switch
    {
        Domain.Complaints.Priority.Critical or Domain.Complaints.Priority.High => new("Attention", "Bolder", IsSubtle: null),
        Domain.Complaints.Priority.Normal => new(null, "Default", IsSubtle: null),
        _ => new(null, "Default", IsSubtle: true),
    };

    private static string Word<T>(Texts texts, string prefix, T value)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts[prefix + value];
    }
}

/// <summary>A TextBlock's colour (null: the theme's default), weight and subtlety.</summary>
internal sealed record PriorityLook(string? Color, string Weight, bool? IsSubtle);
