using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>
/// <c>relay-withdrawn</c>: the department reopened the complaint after its answer went to the community manager. Every
/// card delivered for that answer is replaced by the complaint as it is now ("The department withdrew this answer…", no
/// buttons), so nobody posts an answer in public that the department took back.
/// </summary>
internal sealed partial class RelayWithdrawnHandler(IComplaintStore store, RelayDelivery delivery, ILogger<RelayWithdrawnHandler> logger) : IOutboxHandler
{
    public string Kind => OutboxKinds.RelayWithdrawn;

    public string? Lane => RelayOutbox.Lane;

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
        if (complaint is null)
        {
            return OutboxResult.Failed($"complaint {item.ComplaintId} does not exist");
        }

        if (complaint.Relay != RelayStatus.Withdrawn)
        {
            // Answered again meanwhile: the new answer's card speaks for itself, and the old one is refused as stale.
            return OutboxResult.Done;
        }

        foreach (var card in DeliveredCards(complaint))
        {
            var outcome = await delivery.ReplaceAsync(complaint, card.ConversationId!, card.ActivityId!, cancellationToken);
            switch (outcome)
            {
                case DeliveryOutcome.Transient transient:
                    return transient.RetryAfter is { } wait ? OutboxResult.RetryAfter(wait, transient.Reason) : OutboxResult.Retry(transient.Reason);
                case DeliveryOutcome.Impossible impossible:
                    // The card is gone or cannot be changed; pressing it still answers with the withdrawn state.
                    LogNotReplaced(logger, complaint.Id, card.ConversationId!, impossible.Reason);
                    break;
                default:
                    LogReplaced(logger, complaint.Id, card.ConversationId!);
                    break;
            }
        }

        return OutboxResult.Done;
    }

    /// <summary>The relay cards of the latest answer (earlier answers' cards were decided on and show that).</summary>
    private static IEnumerable<ComplaintEvent> DeliveredCards(Complaint complaint) =>
        complaint.History.Reverse().TakeWhile(e => e.Kind != ComplaintEventKind.Resolved).Where(e =>
            e.Kind == ComplaintEventKind.RelayDelivered && e.ConversationId is { Length: > 0 } && e.ActivityId is { Length: > 0 } id && id != RelayDelivery.UnknownActivityId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId}: the withdrawn answer's card in {ConversationId} now says so")]
    private static partial void LogReplaced(ILogger logger, string complaintId, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: the withdrawn answer's card in {ConversationId} could not be replaced: {Reason}")]
    private static partial void LogNotReplaced(ILogger logger, string complaintId, string conversationId, string reason);
}
