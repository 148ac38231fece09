using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Notifications;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>
/// Turns a delivery outcome into the complaint's history and the outbox's verdict: delivered → RelayDelivered;
/// transient → try again (Retry-After honoured) until the last attempt; impossible, or the last attempt → the answer
/// goes to the department thread with an @mention and RelayFailed records why. An item the outbox gives up on for
/// another reason ends the same way (<see cref="DeadLetteredAsync"/>). Nothing ends without a trace. Logs name people
/// by object id only.
/// </summary>
internal sealed partial class RelayRecorder(
    ComplaintService complaints, RelayDelivery delivery, IOptions<StorageOptions> storage, TimeProvider time, ILogger<RelayRecorder> logger)
{
    public async Task<OutboxResult> CompleteAsync(
        OutboxItem item, Complaint complaint, RelayRecipient? recipient, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(complaint);
        switch (outcome)
        {
            case DeliveryOutcome.Delivered delivered:
                await RecordDeliveredAsync(complaint.Id, delivered, copy: item.Kind == RelayOutbox.MemberKind, recipient, cancellationToken);
                return OutboxResult.Done;
            case DeliveryOutcome.Transient transient when !item.IsLastAttempt(storage.Value.Outbox):
                LogTransient(logger, complaint.Id, item.Attempt + 1, transient.Reason);
                return transient.RetryAfter is { } wait ? OutboxResult.RetryAfter(wait, transient.Reason) : OutboxResult.Retry(transient.Reason);
            case DeliveryOutcome.Transient transient:
                return await FallBackAsync(complaint, recipient, $"Gave up after {item.Attempt + 1} attempts; last: {transient.Reason}", CanRetry(item), cancellationToken);
            case DeliveryOutcome.Impossible impossible:
                return await FallBackAsync(complaint, recipient, impossible.Reason, CanRetry(item), cancellationToken);
            default:
                throw new InvalidOperationException("Unknown delivery outcome.");
        }
    }

    /// <summary>
    /// The outbox gave up on a relay item that was still waiting for delivery (its handler kept failing): the answer
    /// goes to the department thread, and RelayFailed records why, so the relay is not left pending for ever.
    /// </summary>
    public async Task DeadLetteredAsync(Complaint complaint, RelayRecipient? recipient, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        await FallBackAsync(complaint, recipient, reason.TrimEnd('.') + ".", canRetry: false, cancellationToken);
    }

    private bool CanRetry(OutboxItem item) => !item.IsLastAttempt(storage.Value.Outbox);

    private async Task<OutboxResult> FallBackAsync(
        Complaint complaint, RelayRecipient? recipient, string reason, bool canRetry, CancellationToken cancellationToken)
    {
        var who = recipient is null ? "(none named)" : recipient.AadObjectId ?? "(object id unknown)";
        switch (await delivery.ToDepartmentThreadAsync(complaint, recipient, cancellationToken))
        {
            case DeliveryOutcome.Delivered posted:
                LogFellBack(logger, complaint.Id, who, reason);
                await RecordFailedAsync(
                    complaint.Id,
                    $"{reason} The answer was posted in the department's thread instead, with an @mention.",
                    new RelayCard(posted.ConversationId, posted.ActivityId),
                    cancellationToken);
                return OutboxResult.Done;
            case DeliveryOutcome.Transient transient when canRetry:
                // Next time the person is tried first again: they may be reachable by then.
                var retry = $"{reason} Posting in the department's thread failed too: {transient.Reason}";
                return transient.RetryAfter is { } wait ? OutboxResult.RetryAfter(wait, retry) : OutboxResult.Retry(retry);
            case DeliveryOutcome.Transient transient:
                return await GiveUpAsync(complaint.Id, $"{reason} Posting in the department's thread failed too: {transient.Reason}", cancellationToken);
            case DeliveryOutcome.Impossible impossible:
                return await GiveUpAsync(complaint.Id, $"{reason} Posting in the department's thread failed too: {impossible.Reason}", cancellationToken);
            default:
                throw new InvalidOperationException("Unknown delivery outcome.");
        }
    }

    private async Task<OutboxResult> GiveUpAsync(string complaintId, string reason, CancellationToken cancellationToken)
    {
        await RecordFailedAsync(complaintId, reason, postedInstead: null, cancellationToken);
        return OutboxResult.Failed(reason);
    }

    /// <summary>
    /// Every delivered card is recorded, each copy for a listed community manager too: a decision counts only from a
    /// conversation the answer was delivered to (<see cref="RelayPermissions"/>). The thread and the social tool hear of
    /// the first delivery only. The requesting community manager, when the answer reached their chat, is also told in
    /// their Teams activity feed ("answer ready"), in the same write.
    /// </summary>
    private async Task RecordDeliveredAsync(
        string complaintId, DeliveryOutcome.Delivered delivered, bool copy, RelayRecipient? recipient, CancellationToken cancellationToken)
    {
        var another = false;
        var result = await complaints.RecordAsync(
            complaintId,
            c =>
            {
                another = copy && c.Relay == RelayStatus.Delivered;
                return another
                    ? c.RecordRelayCopyDelivered(delivered.ConversationId, delivered.ActivityId, time.GetUtcNow())
                    : c.RecordRelayDelivered(delivered.ConversationId, delivered.ActivityId, time.GetUtcNow());
            },
            c =>
            {
                var items = RelayOutbox.AfterChange(c, time.GetUtcNow(), auditLine: !another, mentionOwner: false, callback: !another);
                var requester = copy || c.Requester is null ? null : recipient?.AadObjectId ?? c.Requester.AadObjectId;
                return ActivityNotices.AnswerReady(c, requester, time.GetUtcNow()) is { } notice ? [.. items, notice] : items;
            },
            cancellationToken);
        if (result.Refusal is { } refusal)
        {
            // Another copy was recorded first, or the CM decided on another card meanwhile: this card is extra.
            LogNotRecorded(logger, complaintId, refusal.Reason);
            return;
        }

        LogDelivered(logger, complaintId, delivered.ConversationId);
    }

    private async Task RecordFailedAsync(string complaintId, string reason, RelayCard? postedInstead, CancellationToken cancellationToken)
    {
        var result = await complaints.RecordAsync(
            complaintId,
            c => c.RecordRelayFailed(reason, time.GetUtcNow(), postedInstead),
            c => RelayOutbox.AfterChange(c, time.GetUtcNow(), auditLine: false, mentionOwner: false, callback: true),
            cancellationToken);
        if (result.Refusal is { } refusal)
        {
            LogNotRecorded(logger, complaintId, refusal.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId}: answer relayed into conversation {ConversationId}")]
    private static partial void LogDelivered(ILogger logger, string complaintId, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: relaying the answer failed (attempt {Attempt}), will retry: {Reason}")]
    private static partial void LogTransient(ILogger logger, string complaintId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Complaint {ComplaintId}: the answer could not reach community manager {RecipientAadObjectId} in a personal chat and was posted in the department's thread: {Reason}")]
    private static partial void LogFellBack(ILogger logger, string complaintId, string recipientAadObjectId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Complaint {ComplaintId}: relay outcome not recorded: {Reason}")]
    private static partial void LogNotRecorded(ILogger logger, string complaintId, string reason);
}
