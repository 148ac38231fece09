using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Sla;

/// <summary>One clock with terms, measured over its period of the history.</summary>
internal sealed class ClockRun
{
    private readonly ClockPeriod period;
    private readonly SlaTerms terms;
    private readonly IWorkingTime time;

    // When the answer target counts: the complaint is with the department (Received, Open, Claimed). The last
    // span has no end while it is still counting.
    private readonly List<(DateTimeOffset Start, DateTimeOffset? End)> answerSpans;

    public ClockRun(ClockPeriod period, SlaTerms terms, Func<string, TimeZoneInfo?> findTimeZone)
    {
        this.period = period;
        this.terms = terms;
        time = WorkingTime(terms, findTimeZone);
        ClaimedAt = period.Events.FirstOrDefault(e => e.Kind is ComplaintEventKind.Claimed or ComplaintEventKind.Assigned)?.At;
        answerSpans = AnswerSpans(period);
        ClaimDue = time.Add(period.StartedAt, terms.Targets.TimeToClaim);
        ClaimDueSoon = time.Add(period.StartedAt, Share(terms.Targets.TimeToClaim));
        AnswerDue = Reach(terms.Targets.TimeToAnswer, projectLastSpan: false);
        AnswerDueSoon = Reach(Share(terms.Targets.TimeToAnswer), projectLastSpan: false);
    }

    public DateTimeOffset? ClaimedAt { get; }

    public ClockPeriod Period => period;

    /// <summary>
    /// When <paramref name="share"/> of <paramref name="target"/>'s time has been counted (1: its due instant; more than
    /// 1: past it); null when the answer target stops counting (paused, resolved) before that.
    /// </summary>
    public DateTimeOffset? ShareReachedAt(SlaTarget target, double share) => target == SlaTarget.Claim
        ? time.Add(period.StartedAt, Scale(terms.Targets.TimeToClaim, share))
        : Reach(Scale(terms.Targets.TimeToAnswer, share), projectLastSpan: false);

    public DateTimeOffset ClaimDue { get; }

    public DateTimeOffset ClaimDueSoon { get; }

    /// <summary>When the answer target fell or falls due, or null when it has not been reached and is not counting.</summary>
    public DateTimeOffset? AnswerDue { get; }

    public DateTimeOffset? AnswerDueSoon { get; }

    /// <summary>Unclaimed in the current clock: the claim target is counting.</summary>
    public bool ClaimRunning => ClaimedAt is null && period.EndedAt is null;

    public bool AnswerRunning => answerSpans.Count > 0 && answerSpans[^1].End is null;

    /// <summary>Closed: nothing counts any more.</summary>
    public bool Closed => period.LastState == ComplaintState.Closed;

    /// <summary>
    /// The missed targets as of <paramref name="now"/>. A target is missed when it stops at or after its due instant,
    /// or is still counting at or after it; the breach is dated at the due instant.
    /// </summary>
    public List<SlaBreach> Breaches(DateTimeOffset now)
    {
        var breaches = new List<SlaBreach>();
        var claimStoppedAt = ClaimedAt ?? period.EndedAt ?? now;
        if (claimStoppedAt >= ClaimDue)
        {
            breaches.Add(Breach(SlaTarget.Claim, ClaimDue));
        }

        if (AnswerDue is { } answerDue && answerDue <= now)
        {
            breaches.Add(Breach(SlaTarget.Answer, answerDue));
        }

        return breaches;
    }

    public SlaBand BandAt(DateTimeOffset at)
    {
        if (Closed)
        {
            return Breaches(at).Count == 0 ? SlaBand.Met : SlaBand.Overdue;
        }

        var band = SlaBand.Paused;
        foreach (var (dueSoon, due) in RunningTargets())
        {
            var targetBand = at >= due ? SlaBand.Overdue : at >= dueSoon ? SlaBand.DueSoon : SlaBand.OnTrack;
            band = band == SlaBand.Paused || Severity(targetBand) > Severity(band) ? targetBand : band;
        }

        return band;
    }

    /// <summary>The first instant after <paramref name="now"/> at which the band changes while nothing happens; null if never.</summary>
    public DateTimeOffset? NextChangeAfter(DateTimeOffset now)
    {
        var current = BandAt(now);
        return RunningTargets()
            .SelectMany(target => new[] { target.DueSoon, target.Due })
            .Where(instant => instant > now)
            .Order()
            .Select(instant => (DateTimeOffset?)instant)
            .FirstOrDefault(instant => BandAt(instant!.Value) != current);
    }

    /// <summary>
    /// The target that sets the band while nothing happens, with its due-soon and due instants: the claim target while
    /// unclaimed (it falls due first, as both count from the same start), else the answer target while it counts; null
    /// when paused or closed.
    /// </summary>
    public (SlaTarget Target, DateTimeOffset DueSoon, DateTimeOffset Due)? Leading() =>
        Closed ? null
        : ClaimRunning ? (SlaTarget.Claim, ClaimDueSoon, ClaimDue)
        : AnswerRunning ? (SlaTarget.Answer, AnswerDueSoon!.Value, AnswerDue!.Value)
        : null;

    /// <summary>The answer due instant to show: see <see cref="SlaStatus.AnswerDueAt"/>.</summary>
    public DateTimeOffset? AnswerDueToShow() =>
        Closed && AnswerDue is null ? Reach(terms.Targets.TimeToAnswer, projectLastSpan: true) : AnswerDue;

    /// <summary>Counted time left on the answer target at <paramref name="now"/>, never below zero; null once closed.</summary>
    public TimeSpan? AnswerTimeLeft(DateTimeOffset now)
    {
        if (Closed)
        {
            return null;
        }

        var counted = answerSpans.Aggregate(TimeSpan.Zero, (sum, span) => sum + time.Between(span.Start, span.End ?? now));
        var left = terms.Targets.TimeToAnswer - counted;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static IWorkingTime WorkingTime(SlaTerms terms, Func<string, TimeZoneInfo?> findTimeZone)
    {
        if (terms.CountIn == SlaCounting.CalendarHours)
        {
            return CalendarHours.Instance;
        }

        var hours = terms.BusinessHours
            ?? throw new InvalidOperationException($"The SLA terms of policy '{terms.PolicyName}' count business hours but have none.");
        var zone = findTimeZone(hours.TimeZone)
            ?? throw new InvalidOperationException($"The SLA time zone '{hours.TimeZone}' of policy '{terms.PolicyName}' is not known.");
        return BusinessCalendar.From(hours, zone);
    }

    private static List<(DateTimeOffset, DateTimeOffset?)> AnswerSpans(ClockPeriod period)
    {
        var spans = new List<(DateTimeOffset, DateTimeOffset?)>();
        DateTimeOffset? countingSince = Counts(period.StartState) ? period.StartedAt : null;
        foreach (var entry in period.Events)
        {
            if (countingSince is { } since && !Counts(entry.ToState))
            {
                spans.Add((since, entry.At));
                countingSince = null;
            }
            else if (countingSince is null && Counts(entry.ToState))
            {
                countingSince = entry.At;
            }
        }

        if (countingSince is { } open)
        {
            spans.Add((open, period.EndedAt));
        }

        return spans;
    }

    private static bool Counts(ComplaintState state) =>
        state is ComplaintState.Received or ComplaintState.Open or ComplaintState.Claimed;

    private static int Severity(SlaBand band) => band switch
    {
        SlaBand.Overdue => 2,
        SlaBand.DueSoon => 1,
        _ => 0,
    };

    private IEnumerable<(DateTimeOffset DueSoon, DateTimeOffset Due)> RunningTargets()
    {
        if (ClaimRunning)
        {
            yield return (ClaimDueSoon, ClaimDue);
        }

        if (AnswerRunning)
        {
            yield return (AnswerDueSoon!.Value, AnswerDue!.Value);
        }
    }

    /// <summary>
    /// The instant at which <paramref name="amount"/> of counted time has elapsed over the answer spans; null when the
    /// spans end before that. With <paramref name="projectLastSpan"/>, the last span counts as if it had not ended.
    /// </summary>
    private DateTimeOffset? Reach(TimeSpan amount, bool projectLastSpan)
    {
        var counted = TimeSpan.Zero;
        for (var i = 0; i < answerSpans.Count; i++)
        {
            var (start, end) = answerSpans[i];
            var left = amount - counted;
            if (end is null || (projectLastSpan && i == answerSpans.Count - 1))
            {
                return time.Add(start, left);
            }

            var inSpan = time.Between(start, end.Value);
            if (inSpan >= left)
            {
                return time.Add(start, left);
            }

            counted += inSpan;
        }

        return null;
    }

    private static TimeSpan Scale(TimeSpan target, double share) => TimeSpan.FromTicks((long)Math.Round(target.Ticks * share));

    private TimeSpan Share(TimeSpan target) => TimeSpan.FromTicks((long)Math.Round(target.Ticks * terms.DueSoonShare));

    private SlaBreach Breach(SlaTarget target, DateTimeOffset at) =>
        new(target, period.DepartmentId, at, period.StartedAt, terms.PolicyName);
}
