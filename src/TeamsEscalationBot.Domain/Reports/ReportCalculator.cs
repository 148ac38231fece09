using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Domain.Reports;

/// <summary>
/// The one calculation behind the executive digest and the summary endpoint. Every event counts for the department
/// that held the complaint when it happened, so the totals are the sum of the rows. See docs/reports.md.
/// </summary>
public static class ReportCalculator
{
    /// <summary>How many open complaints <see cref="ReportSummary.OldestOpen"/> lists at most.</summary>
    public const int OldestOpenCount = 5;

    /// <summary>How many local days <see cref="ReportSummary.DailyVolume"/> covers.</summary>
    public const int DailyVolumeDays = 14;

    /// <summary>
    /// The summary of <paramref name="complaints"/> for <paramref name="request"/>. Every configured department gets a
    /// row (only the requested one when the request names one), plus any other department the complaints were in
    /// during the period. Deterministic: the same input gives the same output, ties broken by id.
    /// </summary>
    public static ReportSummary Summarize(
        ReportRequest request, IEnumerable<ComplaintFacts> complaints, IEnumerable<Department> departments)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(complaints);
        ArgumentNullException.ThrowIfNull(departments);
        var facts = complaints.ToList();
        if (facts.Any(f => f is null))
        {
            throw new ArgumentException("The complaints must not contain null.", nameof(complaints));
        }

        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var department in departments)
        {
            names.TryAdd(department.Id, department.Name);
        }

        var previousPeriod = request.PreviousPeriod ?? request.Period.Preceding();
        var scope = new Scope(request.DepartmentId, request.DepartmentIds, names);
        var current = Measure(request.Period, facts, scope);
        var previous = Measure(previousPeriod, facts, scope);
        var rows = scope.RowIds(current.Keys.Concat(previous.Keys))
            .Select(id => (Id: id, Figures: Figures(current, id), Trend: ReportTrend.Between(Figures(previous, id), Figures(current, id))))
            .OrderByDescending(row => row.Figures.HighPriorityBreached)
            .ThenByDescending(row => row.Figures.Breached)
            .ThenByDescending(row => row.Figures.OldestOpenAge ?? TimeSpan.MinValue)
            .ThenBy(row => scope.NameOf(row.Id), StringComparer.OrdinalIgnoreCase)
            .ThenBy(row => row.Id, StringComparer.Ordinal)
            .Select((row, index) => new DepartmentReport(index + 1, row.Id, scope.NameOf(row.Id), row.Figures, row.Trend))
            .ToList();
        var totals = FigureCounter.Sum(current.Values).ToFigures();
        return new ReportSummary
        {
            Period = request.Period,
            PreviousPeriod = previousPeriod,
            DepartmentId = scope.Filter,
            TimeZoneId = request.TimeZone.Id,
            Departments = rows,
            Totals = totals,
            TotalsTrend = ReportTrend.Between(FigureCounter.Sum(previous.Values).ToFigures(), totals),
            OldestOpen = OldestOpen(request.Period.To, facts, scope),
            DailyVolume = DailyVolume(request.Period.To, request.TimeZone, facts, scope),
        };
    }

    /// <summary>The median of some durations: the middle one, or halfway between the two middle ones; null when there are none.</summary>
    public static TimeSpan? Median(IEnumerable<TimeSpan> durations)
    {
        ArgumentNullException.ThrowIfNull(durations);
        var sorted = durations.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var upper = sorted[sorted.Count / 2];
        if (sorted.Count % 2 == 1)
        {
            return upper;
        }

        var lower = sorted[(sorted.Count / 2) - 1];
        return lower + ((upper - lower) / 2);
    }

    private static ReportFigures Figures(Dictionary<string, FigureCounter> measured, string id) =>
        measured.TryGetValue(id, out var counter) ? counter.ToFigures() : new ReportFigures();

    private static Dictionary<string, FigureCounter> Measure(ReportPeriod period, List<ComplaintFacts> facts, Scope scope)
    {
        var counters = new Dictionary<string, FigureCounter>(StringComparer.OrdinalIgnoreCase);
        FigureCounter? For(string departmentId)
        {
            if (!scope.Includes(departmentId))
            {
                return null;
            }

            if (!counters.TryGetValue(departmentId, out var counter))
            {
                counters[departmentId] = counter = new FigureCounter();
            }

            return counter;
        }

        foreach (var fact in facts)
        {
            if (period.Contains(fact.ReceivedAt) && For(fact.DepartmentAt(fact.ReceivedAt)) is { } receivedIn)
            {
                receivedIn.Received++;
            }

            if (fact.IsOpenAt(period.To) && For(fact.DepartmentAt(period.To)) is { } openIn)
            {
                openIn.AddOpen(period.To - fact.ReceivedAt);
            }

            if (period.Contains(fact.ClaimedAt) && For(fact.DepartmentAt(fact.ClaimedAt!.Value)) is { } claimedIn)
            {
                claimedIn.TimesToClaim.Add(fact.ClaimedAt.Value - fact.ReceivedAt);
            }

            if (period.Contains(fact.AnsweredAt) && For(fact.DepartmentAt(fact.AnsweredAt!.Value)) is { } answeredIn)
            {
                answeredIn.TimesToAnswer.Add(fact.AnsweredAt.Value - fact.ReceivedAt);
            }

            if (period.Contains(fact.ClosedAt) && For(fact.DepartmentAt(fact.ClosedAt!.Value)) is { } closedIn)
            {
                closedIn.Closed++;
            }

            foreach (var breach in fact.Breaches.Distinct().Where(b => period.Contains(b.BreachedAt)))
            {
                if (For(breach.DepartmentId) is { } breachedIn)
                {
                    breachedIn.AddBreach(fact.Priority >= Priority.High);
                }
            }
        }

        return counters;
    }

    private static List<OpenComplaintLine> OldestOpen(DateTimeOffset end, List<ComplaintFacts> facts, Scope scope) =>
    [
        .. facts
            .Where(f => f.IsOpenAt(end) && scope.Includes(f.DepartmentAt(end)))
            .Select(f => (Fact: f, OverdueSince: f.OverdueSince(end)))
            .OrderBy(x => x.OverdueSince is null)
            .ThenBy(x => x.OverdueSince)
            .ThenBy(x => x.Fact.ReceivedAt)
            .ThenBy(x => x.Fact.Id, StringComparer.Ordinal)
            .Take(OldestOpenCount)
            .Select(x => new OpenComplaintLine
            {
                Id = x.Fact.Id,
                DepartmentId = scope.Canonical(x.Fact.DepartmentAt(end)),
                DepartmentName = scope.NameOf(x.Fact.DepartmentAt(end)),
                Gist = x.Fact.Gist,
                Priority = x.Fact.Priority,
                State = x.Fact.State,
                ReceivedAt = x.Fact.ReceivedAt,
                Age = end - x.Fact.ReceivedAt,
                OverdueBy = end - x.OverdueSince,
                Card = x.Fact.Card,
            }),
    ];

    private static List<DailyVolume> DailyVolume(DateTimeOffset end, TimeZoneInfo timeZone, List<ComplaintFacts> facts, Scope scope)
    {
        // The last day is the one the period's last instant falls in: a period ending at midnight ends with the day before.
        var lastDay = ReportCalendar.LocalDate(end.AddTicks(-1), timeZone);
        var firstDay = lastDay.AddDays(1 - DailyVolumeDays);
        var counts = new int[DailyVolumeDays];
        foreach (var fact in facts.Where(f => f.ReceivedAt < end && scope.Includes(f.DepartmentAt(f.ReceivedAt))))
        {
            var index = ReportCalendar.LocalDate(fact.ReceivedAt, timeZone).DayNumber - firstDay.DayNumber;
            if (index >= 0)
            {
                counts[index]++;
            }
        }

        return [.. counts.Select((count, index) => new DailyVolume(firstDay.AddDays(index), count))];
    }

    /// <summary>Which departments the report covers, and how they are named.</summary>
    private sealed class Scope(string? filter, IReadOnlyCollection<string>? set, Dictionary<string, string> names)
    {
        private readonly HashSet<string>? _set = set is { Count: > 0 } ? new HashSet<string>(set, StringComparer.OrdinalIgnoreCase) : null;

        public string? Filter { get; } = string.IsNullOrWhiteSpace(filter)
            ? null
            : names.Keys.FirstOrDefault(id => string.Equals(id, filter, StringComparison.OrdinalIgnoreCase)) ?? filter;

        public bool Includes(string departmentId) =>
            (Filter is null || string.Equals(departmentId, Filter, StringComparison.OrdinalIgnoreCase))
            && (_set is null || _set.Contains(departmentId));

        /// <summary>The configured spelling of a department id, when it is configured.</summary>
        public string Canonical(string departmentId) =>
            names.Keys.FirstOrDefault(id => string.Equals(id, departmentId, StringComparison.OrdinalIgnoreCase)) ?? departmentId;

        public string NameOf(string departmentId) => names.TryGetValue(departmentId, out var name) ? name : departmentId;

        public List<string> RowIds(IEnumerable<string> measured)
        {
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var rows = new List<string>();
            IEnumerable<string> configured = Filter is not null ? [Filter] : _set is not null ? names.Keys.Concat(_set.Order(StringComparer.Ordinal)) : names.Keys;
            foreach (var id in configured.Concat(measured.Order(StringComparer.Ordinal)))
            {
                if (ids.Add(id) && Includes(id))
                {
                    rows.Add(Canonical(id));
                }
            }

            return rows;
        }
    }

    /// <summary>The running counts and durations of one department in one period.</summary>
    private sealed class FigureCounter
    {
        private TimeSpan? oldestOpenAge;

        public int Received { get; set; }

        public int Closed { get; set; }

        public List<TimeSpan> TimesToClaim { get; } = [];

        public List<TimeSpan> TimesToAnswer { get; } = [];

        private int StillOpen { get; set; }

        private int Breached { get; set; }

        private int HighPriorityBreached { get; set; }

        public static FigureCounter Sum(IEnumerable<FigureCounter> counters)
        {
            var sum = new FigureCounter();
            foreach (var counter in counters)
            {
                sum.Received += counter.Received;
                sum.Closed += counter.Closed;
                sum.StillOpen += counter.StillOpen;
                sum.Breached += counter.Breached;
                sum.HighPriorityBreached += counter.HighPriorityBreached;
                sum.TimesToClaim.AddRange(counter.TimesToClaim);
                sum.TimesToAnswer.AddRange(counter.TimesToAnswer);
                if (counter.oldestOpenAge is { } age)
                {
                    sum.AddOldest(age);
                }
            }

            return sum;
        }

        public void AddOpen(TimeSpan age)
        {
            StillOpen++;
            AddOldest(age);
        }

        public void AddBreach(bool highPriority)
        {
            Breached++;
            HighPriorityBreached += highPriority ? 1 : 0;
        }

        public ReportFigures ToFigures() => new()
        {
            Received = Received,
            StillOpen = StillOpen,
            Claimed = TimesToClaim.Count,
            Answered = TimesToAnswer.Count,
            Closed = Closed,
            Breached = Breached,
            HighPriorityBreached = HighPriorityBreached,
            MedianTimeToClaim = Median(TimesToClaim),
            MedianTimeToAnswer = Median(TimesToAnswer),
            OldestOpenAge = oldestOpenAge,
        };

        private void AddOldest(TimeSpan age)
        {
            if (oldestOpenAge is null || age > oldestOpenAge)
            {
                oldestOpenAge = age;
            }
        }
    }
}
