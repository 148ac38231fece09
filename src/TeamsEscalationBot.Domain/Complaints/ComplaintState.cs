namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>Where a complaint is in its lifecycle. See docs/domain.md for the transition table.</summary>
public enum ComplaintState
{
    /// <summary>Accepted and routed; its card is not (yet) in the department's channel.</summary>
    Received,

    /// <summary>Its card is in the department's channel; nobody owns it.</summary>
    Open,

    /// <summary>A department member owns it and is working on the answer.</summary>
    Claimed,

    /// <summary>The department gave its answer; the requester has not decided yet.</summary>
    Answered,

    /// <summary>The requester accepted the answer.</summary>
    Closed,
}
