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
}
