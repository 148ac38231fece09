using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Reports;

/// <summary>A summary and how many stored complaints were read to compute it.</summary>
internal sealed record ReportResult(ReportSummary Summary, int ComplaintsRead);

/// <summary>
/// Reads what a report needs from the store and runs the one calculation (<see cref="ReportCalculator"/>) over it:
/// every complaint active since the earliest instant the summary looks at, and every complaint not closed.
/// </summary>
internal sealed partial class ReportSummaries(IComplaintStore store, ComplaintRouter router, TimeProvider timeProvider, ILogger<ReportSummaries> logger)
{
    public async Task<ReportResult> SummarizeAsync(ReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = timeProvider.GetTimestamp();
        var facts = new List<ComplaintFacts>();
        var now = timeProvider.GetUtcNow();
        await foreach (var complaint in store.ListActiveSinceAsync(EarliestInstant(request), cancellationToken))
        {
            // The breaches and the next due instant come from the clocks stored with the complaint (none without a policy).
            var status = SlaRecords.StatusOf(complaint, now);
            facts.Add(ComplaintFacts.From(complaint, BreachesOf(status), status?.DueAt));
        }

        var summary = ReportCalculator.Summarize(request, facts, router.Departments);
        var elapsed = timeProvider.GetElapsedTime(started);
        LogSummarized(logger, request.Period.From, request.Period.To, facts.Count, elapsed.TotalMilliseconds);
        return new ReportResult(summary, facts.Count);
    }

    /// <summary>
    /// The earliest instant <see cref="ReportCalculator.Summarize"/> looks at for <paramref name="request"/>: the start
    /// of the period, of the previous period, or of the daily volume's first local day. A complaint whose latest event
    /// is earlier and that is closed can change none of the figures (every figure counts an event in one of those
    /// periods, or a complaint open at the end of one), so the store need not read it.
    /// </summary>
    public static DateTimeOffset EarliestInstant(ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var previous = request.PreviousPeriod ?? request.Period.Preceding();
        var lastDay = ReportCalendar.LocalDate(request.Period.To.AddTicks(-1), request.TimeZone);
        var firstVolumeDay = ReportCalendar.StartOfDay(lastDay.AddDays(1 - ReportCalculator.DailyVolumeDays), request.TimeZone);
        return new[] { request.Period.From, previous.From, firstVolumeDay }.Min();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report summary {From:O} to {To:O}: {ComplaintsRead} complaints read, {ElapsedMs:F0} ms")]
    private static partial void LogSummarized(ILogger logger, DateTimeOffset from, DateTimeOffset to, int complaintsRead, double elapsedMs);

    private static List<BreachFact>? BreachesOf(SlaStatus? status) => status is null
        ? null
        : [.. status.Breaches.Select(b => new BreachFact(b.DepartmentId, b.Target == SlaTarget.Claim ? BreachTarget.Claim : BreachTarget.Answer, b.At))];
}
