using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Domain.Sla;

namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>
/// One entry of a complaint's append-only history. Plain data: it is stored as is.
/// The optional fields are set only by the events they belong to (see docs/domain.md).
/// </summary>
public sealed record ComplaintEvent
{
    public required DateTimeOffset At { get; init; }

    public required Actor Actor { get; init; }

    public required ComplaintEventKind Kind { get; init; }

    public required ComplaintState FromState { get; init; }

    public required ComplaintState ToState { get; init; }

    /// <summary>Free text: the note, reason, comment, answer, failure reason or routing explanation.</summary>
    public string? Note { get; init; }

    /// <summary>The department concerned: routed to, card posted in, or reassigned to.</summary>
    public string? DepartmentId { get; init; }

    /// <summary>Reassigned: the department the complaint left.</summary>
    public string? FromDepartmentId { get; init; }

    /// <summary>Claimed/Assigned: the new owner.</summary>
    public Person? Assignee { get; init; }

    /// <summary>The owner this event removed or replaced (Unclaimed, Assigned, Reassigned, Reopened).</summary>
    public Person? PreviousOwner { get; init; }

    /// <summary>Routed: the rule that chose the department.</summary>
    public RoutingRule? RoutingRule { get; init; }

    /// <summary>Routed by keyword: the configured keywords that matched.</summary>
    public IReadOnlyList<string>? MatchedKeywords { get; init; }

    /// <summary>CardPosted/RelayDelivered, and RelayFailed when the answer was posted elsewhere: the conversation (thread) of the card.</summary>
    public string? ConversationId { get; init; }

    /// <summary>CardPosted/RelayDelivered, and RelayFailed when the answer was posted elsewhere: the activity id of the card.</summary>
    public string? ActivityId { get; init; }

    /// <summary>
    /// CallbackDelivered: the complaint version the callback's body carried. It can be older than the event itself:
    /// the delivery is recorded after the POST, and the complaint may have changed in between.
    /// </summary>
    public long? SentVersion { get; init; }

    /// <summary>
    /// Escalated and EscalationNotDelivered: the step (target, level) and who it was for. A step that could tell nobody
    /// has no one in <see cref="EscalationStep.Told"/> and its reason in <see cref="Note"/>; a person not reached is
    /// the one in <see cref="EscalationStep.Told"/>, with the reason in <see cref="Note"/>.
    /// </summary>
    public EscalationStep? Escalation { get; init; }
}
