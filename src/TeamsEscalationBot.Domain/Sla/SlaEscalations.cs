using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Sla;

/// <summary>One escalation level of a counting target: when it falls due, and whether the history already records it.</summary>
public sealed record EscalationDue(SlaTarget Target, EscalationLevel Level, DateTimeOffset At, bool Recorded)
{
    /// <summary>
    /// A reminder that falls due together with the breach of the same target (both not yet recorded): reminding the
    /// owner of a target already missed tells nobody anything, so it is recorded as skipped.
    /// </summary>
    public bool Superseded { get; init; }
}

/// <summary>
/// The escalation levels of a complaint's current clock (rules in docs/sla.md): for each target that is counting now
/// (the claim while unclaimed, the answer while the complaint is with the department), a reminder at a share of the
/// target, the breach at the target and a second level at a multiple of it, each counted in the clock's working time
/// like the due instant. A paused clock, a closed complaint and no clock have none; after a reassignment only the new
/// department's clock counts. Each level happens once per clock: the history records it (<see cref="ComplaintEventKind.Escalated"/>).
/// </summary>
public static class SlaEscalations
{
    /// <summary>Every level of the counting targets of the current clock at <paramref name="now"/>, earliest first.</summary>
    public static IReadOnlyList<EscalationDue> Levels(
        IReadOnlyList<ComplaintEvent> history,
        IReadOnlyList<SlaClock> clocks,
        DateTimeOffset now,
        EscalationPolicy policy,
        Func<string, TimeZoneInfo?> findTimeZone)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(clocks);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(findTimeZone);
        var periods = ClockPeriod.Split(history);
        SlaClocks.CheckStoredClocks(periods, clocks, allowMissing: false);
        if (clocks[^1].Terms is not { } terms)
        {
            return [];
        }

        var run = new ClockRun(periods[^1], terms, findTimeZone);
        if (run.Closed)
        {
            return [];
        }

        var targets = new List<SlaTarget>();
        if (run.ClaimRunning)
        {
            targets.Add(SlaTarget.Claim);
        }

        if (run.AnswerRunning)
        {
            targets.Add(SlaTarget.Answer);
        }

        var levels = new List<EscalationDue>();
        foreach (var target in targets)
        {
            var ofTarget = Enum.GetValues<EscalationLevel>()
                .Select(level => (level, at: run.ShareReachedAt(target, policy.ShareOf(level))))
                .Where(l => l.at is not null)
                .Select(l => new EscalationDue(target, l.level, l.at!.Value, IsRecorded(run.Period, target, l.level)))
                .ToList();
            var breachDue = ofTarget.Any(l => l.Level == EscalationLevel.Breach && !l.Recorded && l.At <= now);
            levels.AddRange(ofTarget.Select(l => l.Level == EscalationLevel.Reminder && breachDue && !l.Recorded ? l with { Superseded = true } : l));
        }

        return [.. levels.OrderBy(l => l.At).ThenBy(l => l.Target).ThenBy(l => l.Level)];
    }

    /// <summary>The levels due at <paramref name="now"/> that the history does not record yet, earliest first.</summary>
    public static IReadOnlyList<EscalationDue> Due(
        Complaint complaint, IReadOnlyList<SlaClock> clocks, DateTimeOffset now, EscalationPolicy policy, Func<string, TimeZoneInfo?> findTimeZone)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return [.. Levels(complaint.History, clocks, now, policy, findTimeZone).Where(l => !l.Recorded && l.At <= now)];
    }

    /// <summary>
    /// When the next level not yet recorded falls due (it may already have: then it is due now); null when none will
    /// (no counting target, every level recorded). What a scheduler wakes up for.
    /// </summary>
    public static DateTimeOffset? NextDueAt(
        Complaint complaint, IReadOnlyList<SlaClock> clocks, DateTimeOffset now, EscalationPolicy policy, Func<string, TimeZoneInfo?> findTimeZone)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return Levels(complaint.History, clocks, now, policy, findTimeZone).Where(l => !l.Recorded).Select(l => (DateTimeOffset?)l.At).Min();
    }

    /// <summary>Whether the clock's period already records the step (taken or skipped).</summary>
    private static bool IsRecorded(ClockPeriod period, SlaTarget target, EscalationLevel level) =>
        period.Events.Any(e => e.Kind == ComplaintEventKind.Escalated && e.Escalation is { } step && step.Target == target && step.Level == level);

    /// <summary>Whether the current clock of <paramref name="history"/> records the step (taken or skipped).</summary>
    public static bool IsRecorded(IReadOnlyList<ComplaintEvent> history, SlaTarget target, EscalationLevel level)
    {
        ArgumentNullException.ThrowIfNull(history);
        var periods = ClockPeriod.Split(history);
        return periods.Count > 0 && IsRecorded(periods[^1], target, level);
    }
}
