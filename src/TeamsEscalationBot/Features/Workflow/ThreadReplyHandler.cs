using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>
/// <c>thread-reply</c>: posts the audit line of one history entry ("Claimed by Ana Ruiz, 10:42") as a reply in the
/// thread of the card it happened on, @mentioning the owner when the payload asks. Lines keep history order: while an
/// earlier line of the same complaint is still pending, this one is put back until the earlier one is due (no attempt
/// counted, however long the thread is throttled), unless that earlier line has itself failed
/// <see cref="OutboxWorker.OrderPatience"/> times, so a stuck line never holds the others back for good. Delivery is at
/// least once: a crash right after posting can repeat a line.
/// </summary>
internal sealed partial class ThreadReplyHandler(
    IComplaintStore store,
    IOutbox outbox,
    ComplaintThreads threads,
    ComplaintRouter router,
    AuditLineFormatter audit,
    TimeProvider time,
    ILogger<ThreadReplyHandler> logger) : IOutboxHandler
{
    private static readonly TimeSpan OrderWait = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxOrderWait = TimeSpan.FromSeconds(30);

    public string Kind => OutboxKinds.ThreadReply;

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (WorkflowOutbox.Read<OutboxPayloads.ThreadReply>(item) is not { } payload)
        {
            return OutboxResult.Failed($"thread-reply payload is not valid: {item.PayloadJson}");
        }

        var complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
        if (complaint is null)
        {
            return OutboxResult.Failed($"complaint {item.ComplaintId} does not exist");
        }

        if (payload.Version < 1 || payload.Version > complaint.Version)
        {
            return OutboxResult.Failed($"complaint {item.ComplaintId} has no history entry {payload.Version}");
        }

        var line = audit.Format(complaint.History[(int)payload.Version - 1], Texts.For(null), CardDepartment.All(router));
        var thread = ComplaintThreads.ThreadOf(complaint, payload.Version);
        if (line is null || thread?.ConversationId is null || thread.DepartmentId is null)
        {
            LogNoThread(logger, item.ComplaintId, payload.Version);
            return OutboxResult.Done;
        }

        if (await EarlierLineDueAsync(item, payload.Version, cancellationToken) is { } wait)
        {
            return OutboxResult.Defer(wait, $"waiting for an earlier audit line of complaint {item.ComplaintId}");
        }

        var owner = payload.MentionOwner ? ComplaintThreads.OwnerAt(complaint, payload.Version) : null;
        var message = BotMessages.Line(line, owner is null ? null : new MessageMention(owner.AadObjectId, owner.DisplayName));
        return await threads.ReplyAsync(thread.DepartmentId, thread.ConversationId, message, $"the audit line {payload.Version} of complaint {item.ComplaintId}", cancellationToken);
    }

    /// <summary>How long to wait when a line for an earlier version of the same complaint has not been posted yet.</summary>
    private async Task<TimeSpan?> EarlierLineDueAsync(OutboxItem item, long version, CancellationToken cancellationToken)
    {
        var pending = await outbox.ListPendingAsync(item.ComplaintId, cancellationToken);
        var earlier = pending
            .Where(p => p.Kind == OutboxKinds.ThreadReply && p.Id != item.Id && p.Attempt < OutboxWorker.OrderPatience)
            .Where(p => WorkflowOutbox.Read<OutboxPayloads.ThreadReply>(p) is { } other && other.Version < version)
            .ToList();
        if (earlier.Count == 0)
        {
            return null;
        }

        var due = earlier.Min(p => p.NotBefore) - time.GetUtcNow();
        return due < TimeSpan.Zero ? OrderWait : (due + OrderWait < MaxOrderWait ? due + OrderWait : MaxOrderWait);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Complaint {ComplaintId}: history entry {Version} has no audit line or no channel thread; nothing to post")]
    private static partial void LogNoThread(ILogger logger, string complaintId, long version);
}
