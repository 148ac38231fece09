namespace TeamsEscalationBot.Domain.Sla;

/// <summary>The escalation steps of a counting target, in the order they fall due (docs/sla.md).</summary>
public enum EscalationLevel
{
    /// <summary>A share of the target has been used (default 75%): the owner, or the channel when unclaimed, is reminded.</summary>
    Reminder,

    /// <summary>The target is missed: the department's leads are told.</summary>
    Breach,

    /// <summary>A multiple of the target has passed (default 2×): the executives are told.</summary>
    SecondLevel,
}

/// <summary>
/// One escalation step as the history records it: the target and level, and who was told (Entra object ids, or
/// <see cref="Channel"/> for the department's channel), and when the target fell or falls due. Plain data; stored as is.
/// </summary>
public sealed record EscalationStep(SlaTarget Target, EscalationLevel Level, DateTimeOffset DueAt, IReadOnlyList<string> Told)
{
    /// <summary>Stands for the department's channel in <see cref="Told"/> (a reminder of an unclaimed complaint).</summary>
    public const string Channel = "channel";
}
