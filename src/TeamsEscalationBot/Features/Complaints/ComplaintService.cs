using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Complaints;

/// <summary>The result of submitting a complaint through either door (the intake API or Teams).</summary>
internal abstract record SubmitResult
{
    /// <summary>A new complaint; its card is scheduled in the same durable write.</summary>
    public sealed record Created(Complaint Complaint) : SubmitResult;

    /// <summary>The same (source, externalId) with the same content was submitted before: the stored complaint.</summary>
    public sealed record AlreadySubmitted(Complaint Complaint) : SubmitResult;

    /// <summary>The same (source, externalId) with different content: refused, the stored one is unchanged.</summary>
    public sealed record Conflict(Complaint Existing) : SubmitResult;

    /// <summary>Nothing was stored; every problem is listed by field.</summary>
    public sealed record Invalid(IReadOnlyList<SubmissionError> Errors) : SubmitResult;
}

/// <summary>The complaint after a recorded change (null when it does not exist), or the refusal when the change no longer applies.</summary>
internal sealed record RecordResult(Complaint? Complaint, Refusal? Refusal);

/// <summary>Validates, routes and stores new complaints, scheduling their card in the same durable step.</summary>
internal sealed partial class ComplaintService(
    IComplaintStore store, ComplaintRouter router, IComplaintCrises crises, TimeProvider time, ILogger<ComplaintService> logger)
{
    public async Task<SubmitResult> SubmitAsync(ComplaintSubmission submission, Actor receivedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var errors = submission.Validate().ToList();
        var decision = errors.Count == 0 ? router.Route(submission) : null;
        if (errors.Count == 0 && decision is null)
        {
            errors.Add(new SubmissionError("department", $"department '{submission.DepartmentId}' is not a configured department."));
        }

        if (errors.Count > 0)
        {
            return new SubmitResult.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var complaint = Complaint.Receive(ComplaintIds.New(time), submission, decision!, receivedBy, now);
        var postCard = OutboxItem.Create(OutboxKinds.PostCard, complaint.Id, "{}", now);
        var result = await store.CreateAsync(complaint, [postCard], cancellationToken);
        if (result.Outcome == CreateOutcome.Created)
        {
            LogCreated(logger, complaint.Id, complaint.Source, complaint.DepartmentId, decision!.Rule);
            Infrastructure.Telemetry.ComplaintsReceived.Add(1,
                new("source", complaint.Source), new("department", complaint.DepartmentId), new("rule", decision.Rule.ToString()));

            // Stored first: crisis detection never fails nor holds up intake (it logs its own errors).
            await crises.ObserveAsync(result.Complaint, cancellationToken);
            return new SubmitResult.Created(result.Complaint);
        }

        return result.Complaint.ContentFingerprint == submission.ContentFingerprint()
            ? new SubmitResult.AlreadySubmitted(result.Complaint)
            : new SubmitResult.Conflict(result.Complaint);
    }

    /// <summary>
    /// Applies a system-side change (recording a posted card, a delivery result) with optimistic concurrency: on a
    /// conflict the complaint is reloaded and the change applied again, a bounded number of times. A refusal means the
    /// change no longer applies (e.g. the card was recorded by another worker) and is returned as is.
    /// </summary>
    public async Task<RecordResult> RecordAsync(
        string complaintId, Func<Complaint, TransitionResult> change, Func<Complaint, IReadOnlyList<OutboxItem>>? outbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; attempt < MaxRecordAttempts; attempt++)
        {
            var complaint = await store.GetAsync(complaintId, cancellationToken);
            if (complaint is null)
            {
                return new RecordResult(null, null);
            }

            var expected = complaint.Version;
            var result = change(complaint);
            if (!result.Succeeded)
            {
                return new RecordResult(complaint, result.Refusal);
            }

            var saved = await store.UpdateAsync(complaint, expected, outbox?.Invoke(complaint) ?? [], cancellationToken);
            if (saved.Outcome == UpdateOutcome.Updated)
            {
                return new RecordResult(saved.Current, null);
            }
        }

        throw new InvalidOperationException($"Complaint {complaintId} kept changing; gave up recording after {MaxRecordAttempts} attempts.");
    }

    private const int MaxRecordAttempts = 8;

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} received from {Source}, routed to {DepartmentId} by the {Rule} rule")]
    private static partial void LogCreated(ILogger logger, string complaintId, string source, string departmentId, RoutingRule rule);
}
