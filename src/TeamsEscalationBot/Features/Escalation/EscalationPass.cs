using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Escalation;

/// <summary>
/// One pass of the escalation scheduler: lists the complaints whose next escalation level has fallen due
/// (<see cref="IComplaintStore.ListDueAsync"/>, through the indexed instant, page by page) and records every level due
/// on each, with its outbox items, in one optimistic write. A lost race means another pass (another instance) or a
/// person changed the complaint: it is read again and evaluated again, so each step happens once per complaint, target
/// and level. A listed complaint with nothing due (its stored instant is out of date, e.g. the shares changed) is
/// written again as it is, which moves its instant on.
/// </summary>
internal sealed partial class EscalationPass(
    IComplaintStore store,
    EscalationSteps steps,
    IOptions<SlaEscalationOptions> options,
    TimeProvider time,
    ILogger<EscalationPass> logger)
{
    /// <summary>Writes per complaint per pass when others keep changing it; the next pass tries again.</summary>
    private const int MaxAttempts = 5;

    /// <summary>Pages per pass: bounded, so one pass always ends; what is left waits for the next one.</summary>
    private const int MaxPages = 100;

    /// <summary>Runs a pass at the current time; returns how many steps it recorded.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pageSize = options.Value.PageSize;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var taken = 0;
        for (var page = 0; page < MaxPages; page++)
        {
            var due = await store.ListDueAsync(now, pageSize, cancellationToken);
            var fresh = due.Where(c => seen.Add(c.Id)).ToList();
            foreach (var complaint in fresh)
            {
                taken += await ApplyAsync(complaint, now, cancellationToken);
            }

            if (fresh.Count == 0 || due.Count < pageSize)
            {
                break;
            }
        }

        return taken;
    }

    private async Task<int> ApplyAsync(Complaint complaint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var policy = options.Value.ToPolicy();
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (SlaRecords.Of(complaint) is not { Clocks.Count: > 0 } record)
            {
                return 0;
            }

            var at = SlaRecords.Later(now, complaint);
            IReadOnlyList<EscalationDue> levels;
            try
            {
                levels = SlaEscalations.Levels(complaint.History, record.Clocks, at, policy, SlaRecords.FindTimeZone);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                LogCannotEvaluate(logger, complaint.Id, ex);
                return 0;
            }

            var expected = complaint.Version;
            var due = levels.Where(l => !l.Recorded && l.At <= at).ToList();
            if (due.Count == 0 && record.NextDueAt > now)
            {
                return 0;
            }

            var outbox = new List<OutboxItem>();
            var recorded = new List<EscalationStep>();
            foreach (var level in due)
            {
                var dueAt = levels.FirstOrDefault(l => l.Target == level.Target && l.Level == EscalationLevel.Breach)?.At ?? level.At;
                var (step, skipReason) = steps.Decide(complaint, level, dueAt);
                var result = complaint.RecordEscalation(step, skipReason, at);
                if (result.Succeeded)
                {
                    outbox.AddRange(EscalationSteps.Outbox(complaint, result.Event, at));
                    recorded.Add(step);
                }
            }

            var saved = await store.UpdateAsync(complaint, expected, outbox, cancellationToken);
            switch (saved.Outcome)
            {
                case UpdateOutcome.Updated:
                    foreach (var step in recorded)
                    {
                        LogStep(logger, complaint.Id, step.Target, step.Level, step.Told.Count);
                    }

                    return recorded.Count;
                case UpdateOutcome.NotFound:
                    return 0;
                default:
                    LogRaced(logger, complaint.Id, attempt);
                    complaint = saved.Current!;
                    break;
            }
        }

        return 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId}: escalation step {Level} of the {Target} target recorded ({Told} told)")]
    private static partial void LogStep(ILogger logger, string complaintId, SlaTarget target, EscalationLevel level, int told);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Complaint {ComplaintId} changed while its escalation was written (attempt {Attempt}); evaluating it again")]
    private static partial void LogRaced(ILogger logger, string complaintId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Complaint {ComplaintId}: its service-level clocks cannot be evaluated; no escalation")]
    private static partial void LogCannotEvaluate(ILogger logger, string complaintId, Exception exception);
}
