using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Sla;

/// <summary>
/// The stretch of a complaint's history one clock covers: from a clock start (received, reassigned, reopened after
/// closing) to the next one.
/// </summary>
internal sealed class ClockPeriod
{
    private ClockPeriod(string departmentId, DateTimeOffset startedAt, ComplaintState startState)
    {
        DepartmentId = departmentId;
        StartedAt = startedAt;
        StartState = startState;
    }

    public string DepartmentId { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The complaint's state right after the event that started the clock.</summary>
    public ComplaintState StartState { get; }

    /// <summary>The events after the start, up to the next clock start.</summary>
    public List<ComplaintEvent> Events { get; } = [];

    /// <summary>When the next clock started; null for the current clock.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>The complaint's state at the end of the period (now, for the current clock).</summary>
    public ComplaintState LastState => Events.Count > 0 ? Events[^1].ToState : StartState;

    /// <summary>
    /// Splits a history into clock periods. A clock starts when the complaint is received (the Routed event, at the
    /// instant it was received), when it is reassigned to another department, and when it is reopened after closing.
    /// </summary>
    public static List<ClockPeriod> Split(IReadOnlyList<ComplaintEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var periods = new List<ClockPeriod>();
        string? department = null;
        foreach (var entry in history)
        {
            if (entry.Kind is ComplaintEventKind.Routed or ComplaintEventKind.Reassigned)
            {
                department = entry.DepartmentId ?? department;
            }

            var starts = entry.Kind is ComplaintEventKind.Routed or ComplaintEventKind.Reassigned
                || (entry.Kind == ComplaintEventKind.Reopened && entry.FromState == ComplaintState.Closed);
            if (starts && department is not null)
            {
                var startedAt = entry.Kind == ComplaintEventKind.Routed && history[0].Kind == ComplaintEventKind.Received
                    ? history[0].At
                    : entry.At;
                if (periods.Count > 0)
                {
                    periods[^1].EndedAt = entry.At;
                }

                periods.Add(new ClockPeriod(department, startedAt, entry.ToState));
            }
            else if (periods.Count > 0)
            {
                periods[^1].Events.Add(entry);
            }
        }

        return periods;
    }

    /// <summary>Whether a stored clock belongs to this period (same department ignoring case, same start).</summary>
    public bool Matches(SlaClock clock) =>
        clock is not null
        && string.Equals(clock.DepartmentId, DepartmentId, StringComparison.OrdinalIgnoreCase)
        && clock.StartedAt == StartedAt;
}
