namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>What happened to the last answer relayed to the requester in their 1:1 chat.</summary>
public enum RelayStatus
{
    /// <summary>No answer is waiting to be relayed.</summary>
    None,

    /// <summary>Resolved; the relay card has not been delivered yet.</summary>
    Pending,

    Delivered,

    /// <summary>The last delivery attempt failed (the outbox may still retry).</summary>
    Failed,

    Accepted,

    SentBack,

    /// <summary>The department reopened the complaint before the requester decided; a delivered relay card is stale.</summary>
    Withdrawn,
}
