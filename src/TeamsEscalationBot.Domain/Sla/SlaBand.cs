namespace TeamsEscalationBot.Domain.Sla;

/// <summary>Where a complaint stands against its current clock, as a card shows it.</summary>
public enum SlaBand
{
    /// <summary>No policy gave targets when the clock started.</summary>
    NoClock,

    /// <summary>Running, and every running target has less than its due-soon share elapsed.</summary>
    OnTrack,

    /// <summary>Running, and a running target has its due-soon share (default 75%) elapsed.</summary>
    DueSoon,

    /// <summary>A running target is past due, or the clock stopped after missing a target.</summary>
    Overdue,

    /// <summary>The clock stopped (closed) with every target met.</summary>
    Met,

    /// <summary>Answered and waiting on the community manager: no target is running.</summary>
    Paused,
}
