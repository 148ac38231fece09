using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Cards;

/// <summary>The localized words for the domain's enums, and the colour of each priority.</summary>
internal static class CardWords
{
    public static string State(Texts texts, ComplaintState state) => Word(texts, "Card_State_", state);

    public static string Priority(Texts texts, Priority priority) => Word(texts, "Card_Priority_", priority);

    public static string Network(Texts texts, Network network) => Word(texts, "Card_Network_", network);

    /// <summary>TextBlock colour of a priority; the word is always shown too, so colour is never the only signal.</summary>
    public static string? PriorityColor(Priority priority) => priority switch
    {
        Domain.Complaints.Priority.Critical => "Attention",
        Domain.Complaints.Priority.High => "Warning",
        Domain.Complaints.Priority.Normal => "Accent",
        _ => "Default",
    };

    private static string Word<T>(Texts texts, string prefix, T value)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts[prefix + value];
    }
}
