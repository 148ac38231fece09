namespace TeamsEscalationBot.Domain.Complaints;

public enum ComplaintEventKind
{
    Received,
    Routed,
    CardPosted,
    CardPostFailed,
    Claimed,
    Unclaimed,
    Assigned,
    Reassigned,
    NoteAdded,
    DraftSaved,
    Resolved,
    Reopened,
    RelayDelivered,
    RelayFailed,
    Accepted,
    SentBack,
    CallbackDelivered,
    CallbackFailed,

    /// <summary>No state change: a service-level escalation step (reminder, breach, second level) was taken or skipped.</summary>
    Escalated,

    /// <summary>No state change: one person an escalation step was for could not be reached (no 1:1 chat).</summary>
    EscalationNotDelivered,
}
