namespace TeamsEscalationBot.Domain.Sla;

/// <summary>A complaint's service-level standing at one instant (see <see cref="SlaClocks.Evaluate(Complaints.Complaint, IReadOnlyList{SlaClock}, DateTimeOffset, Func{string, TimeZoneInfo?})"/>).</summary>
public sealed record SlaStatus
{
    public required SlaBand Band { get; init; }

    /// <summary>The current clock (the complaint's last clock start).</summary>
    public required SlaClock Clock { get; init; }

    /// <summary>The terms of the current clock: the policy used; null when there is no clock.</summary>
    public SlaTerms? Terms => Clock.Terms;

    /// <summary>When the current clock's claim target falls (or fell) due; null without a clock.</summary>
    public DateTimeOffset? ClaimDueAt { get; init; }

    /// <summary>
    /// When the current clock's answer target falls due: while running, the due instant; once missed, when it fell
    /// due; after closing on time, the due instant that was in force when it was answered. Null while paused (the due
    /// instant moves by however long the pause lasts) and without a clock.
    /// </summary>
    public DateTimeOffset? AnswerDueAt { get; init; }

    /// <summary>Counted time left on the answer target (zero once due) while running or paused; null when stopped or without a clock.</summary>
    public TimeSpan? AnswerTimeLeft { get; init; }

    /// <summary>
    /// The target the band follows while one counts: <see cref="SlaTarget.Claim"/> while unclaimed, else
    /// <see cref="SlaTarget.Answer"/>; null when paused, closed or without a clock.
    /// </summary>
    public SlaTarget? DueTarget { get; init; }

    /// <summary>When <see cref="DueTarget"/> turns (or turned) due soon; null when no target counts.</summary>
    public DateTimeOffset? DueSoonAt { get; init; }

    /// <summary>
    /// When <see cref="DueTarget"/> falls (or fell) due: from this instant the band is <see cref="SlaBand.Overdue"/>
    /// until something happens to the complaint. Null when no target counts (paused, closed, no clock).
    /// </summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Every missed target of every clock the complaint had, oldest first, each tagged with its department.</summary>
    public required IReadOnlyList<SlaBreach> Breaches { get; init; }

    /// <summary>The next instant at which <see cref="Band"/> changes if nothing happens to the complaint; null when it will not.</summary>
    public DateTimeOffset? NextChangeAt { get; init; }
}
