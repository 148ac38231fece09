using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Sla;

/// <summary>
/// The service-level clocks of a complaint (rules in docs/sla.md). A clock starts when the complaint is received,
/// reassigned to another department or reopened after closing, and keeps the terms of the policy in force at that
/// moment. The host stores the list of <see cref="SlaClock"/>s beside the complaint, calls <see cref="StartNew"/>
/// after every change and <see cref="Evaluate(Complaint, IReadOnlyList{SlaClock}, DateTimeOffset, Func{string, TimeZoneInfo?})"/>
/// to show or schedule it.
/// </summary>
public static class SlaClocks
{
    /// <summary>
    /// <paramref name="clocks"/> (oldest first) plus a clock, with the terms <paramref name="policies"/> give now, for
    /// every clock start in the complaint's history that has none yet; the existing clocks are kept as they are. Throws
    /// <see cref="ArgumentException"/> when the stored clocks do not belong to this history.
    /// </summary>
    public static IReadOnlyList<SlaClock> StartNew(Complaint complaint, IReadOnlyList<SlaClock> clocks, SlaPolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(clocks);
        ArgumentNullException.ThrowIfNull(policies);
        var periods = ClockPeriod.Split(complaint.History);
        CheckStoredClocks(periods, clocks, allowMissing: true);
        return
        [
            .. clocks,
            .. periods.Skip(clocks.Count).Select(p => SlaClock.Start(p.DepartmentId, complaint.Priority, p.StartedAt, policies)),
        ];
    }

    /// <summary>
    /// The complaint's standing at <paramref name="now"/> (at or after its last event) from its history and its
    /// stored clocks alone: the current policy is not read. <paramref name="findTimeZone"/> returns the zone for an
    /// IANA id of the stored business hours. Throws <see cref="ArgumentException"/> when a clock start has no stored
    /// clock (call <see cref="StartNew"/> first) or the clocks do not belong to this history.
    /// </summary>
    public static SlaStatus Evaluate(
        Complaint complaint, IReadOnlyList<SlaClock> clocks, DateTimeOffset now, Func<string, TimeZoneInfo?> findTimeZone)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return Evaluate(complaint.History, clocks, now, findTimeZone);
    }

    /// <inheritdoc cref="Evaluate(Complaint, IReadOnlyList{SlaClock}, DateTimeOffset, Func{string, TimeZoneInfo?})"/>
    public static SlaStatus Evaluate(
        IReadOnlyList<ComplaintEvent> history, IReadOnlyList<SlaClock> clocks, DateTimeOffset now, Func<string, TimeZoneInfo?> findTimeZone)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(clocks);
        ArgumentNullException.ThrowIfNull(findTimeZone);
        var periods = ClockPeriod.Split(history);
        CheckStoredClocks(periods, clocks, allowMissing: false);
        var breaches = new List<SlaBreach>();
        ClockRun? current = null;
        for (var i = 0; i < periods.Count; i++)
        {
            current = clocks[i].Terms is { } terms ? new ClockRun(periods[i], terms, findTimeZone) : null;
            breaches.AddRange(current?.Breaches(now) ?? []);
        }

        var status = new SlaStatus
        {
            Band = SlaBand.NoClock,
            Clock = clocks[^1],
            Breaches = [.. breaches.OrderBy(b => b.At)],
        };
        var leading = current?.Leading();
        return current is null ? status : status with
        {
            Band = current.BandAt(now),
            DueTarget = leading?.Target,
            DueSoonAt = leading?.DueSoon,
            DueAt = leading?.Due,
            ClaimDueAt = current.ClaimDue,
            AnswerDueAt = current.AnswerDueToShow(),
            AnswerTimeLeft = current.AnswerTimeLeft(now),
            NextChangeAt = current.NextChangeAfter(now),
        };
    }

    internal static void CheckStoredClocks(List<ClockPeriod> periods, IReadOnlyList<SlaClock> clocks, bool allowMissing)
    {
        if (periods.Count == 0)
        {
            throw new ArgumentException("The history has no clock start (no Routed event).", nameof(clocks));
        }

        if (clocks.Count > periods.Count || (!allowMissing && clocks.Count < periods.Count))
        {
            throw new ArgumentException(
                $"The complaint has {periods.Count} clock start(s) but {clocks.Count} stored clock(s)"
                + (clocks.Count < periods.Count ? "; start the missing ones with SlaClocks.StartNew." : "."),
                nameof(clocks));
        }

        for (var i = 0; i < clocks.Count; i++)
        {
            if (!periods[i].Matches(clocks[i]))
            {
                throw new ArgumentException(
                    $"Stored clock {i} ({clocks[i]?.DepartmentId} from {clocks[i]?.StartedAt:O}) does not match the clock start "
                    + $"in the history ({periods[i].DepartmentId} from {periods[i].StartedAt:O}).",
                    nameof(clocks));
            }
        }
    }
}
