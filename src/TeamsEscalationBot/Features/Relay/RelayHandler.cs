using Microsoft.Extensions.Options;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>
/// <c>relay</c>: brings the agreed answer to whoever asked. The requesting community manager gets the relay card in a
/// 1:1 chat; a complaint without a requester goes to its source's default target (<c>Relay:DefaultTargets</c>): a
/// channel, or each listed community manager (one <see cref="RelayOutbox.MemberKind"/> item per person). Idempotent: an
/// answer already delivered, failed for good, decided, withdrawn or superseded by a newer answer is left alone. An item
/// the outbox gives up on ends in RelayFailed with the answer in the department's thread.
/// </summary>
internal sealed partial class RelayHandler(
    IComplaintStore store,
    IOutbox outbox,
    RelayDelivery delivery,
    RelayRecorder recorder,
    IOptions<RelayOptions> options,
    TimeProvider time,
    ILogger<RelayHandler> logger) : IOutboxHandler, IOutboxDeadLetterHandler
{
    public string Kind => OutboxKinds.Relay;

    /// <summary>The CM's chat, not the department's thread: never held back by the thread's throttling.</summary>
    public string? Lane => RelayOutbox.Lane;

    public async Task OnDeadLetteredAsync(OutboxItem item, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
        if (complaint is not null && RelayProgress.AwaitsDelivery(complaint, RelayOutbox.RelayVersion(item)))
        {
            var recipient = complaint.Requester is { } requester ? new RelayRecipient(requester.AadObjectId, requester.DisplayName) : null;
            await recorder.DeadLetteredAsync(complaint, recipient, reason, cancellationToken);
        }
    }

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
        if (complaint is null)
        {
            return OutboxResult.Failed($"complaint {item.ComplaintId} does not exist");
        }

        var version = RelayOutbox.RelayVersion(item);
        if (!RelayProgress.AwaitsDelivery(complaint, version))
        {
            LogNothingToDo(logger, complaint.Id, complaint.State, complaint.Relay);
            return OutboxResult.Done;
        }

        if (complaint.Requester is { } requester)
        {
            var (recipient, problem) = await delivery.ResolveAsync(requester, cancellationToken);
            var outcome = problem ?? await delivery.ToCommunityManagerAsync(complaint, recipient.AadObjectId!, cancellationToken);
            return await recorder.CompleteAsync(item, complaint, recipient, outcome, cancellationToken);
        }

        var target = options.Value.TargetFor(complaint.Source);
        if (target is null)
        {
            var reason = $"Nobody asked for this answer by name, and Relay:DefaultTargets has no entry for source '{complaint.Source}' or '*'.";
            return await recorder.CompleteAsync(item, complaint, null, new DeliveryOutcome.Impossible(reason), cancellationToken);
        }

        return target.IsChannel
            ? await recorder.CompleteAsync(item, complaint, null, await delivery.ToChannelAsync(complaint, target, cancellationToken), cancellationToken)
            : await FanOutAsync(complaint, version ?? complaint.Version, target.CommunityManagers, cancellationToken);
    }

    /// <summary>One item per listed community manager, written with the complaint so none is lost; each is retried on its own.</summary>
    private async Task<OutboxResult> FanOutAsync(Complaint complaint, long version, IReadOnlyList<string> managers, CancellationToken cancellationToken)
    {
        var pending = await outbox.ListPendingAsync(complaint.Id, cancellationToken);
        if (pending.Any(i => i.Kind == RelayOutbox.MemberKind && RelayOutbox.Member(i)?.Version == version))
        {
            return OutboxResult.Done;
        }

        var now = time.GetUtcNow();
        var copies = managers.Distinct(StringComparer.OrdinalIgnoreCase).Select(id => RelayOutbox.ForMember(complaint, version, id, now)).ToList();
        var saved = await store.UpdateAsync(complaint, complaint.Version, copies, cancellationToken);
        if (saved.Outcome != UpdateOutcome.Updated)
        {
            return OutboxResult.Retry($"complaint {complaint.Id} changed while the answer was being sent to its community managers");
        }

        LogFannedOut(logger, complaint.Id, copies.Count);
        return OutboxResult.Done;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Complaint {ComplaintId}: no answer waits for delivery (state {State}, relay {Relay})")]
    private static partial void LogNothingToDo(ILogger logger, string complaintId, ComplaintState state, RelayStatus relay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId}: answer sent on to {Count} community managers")]
    private static partial void LogFannedOut(ILogger logger, string complaintId, int count);
}

/// <summary><c>relay-member</c>: the relay card for one community manager listed in a default target.</summary>
internal sealed class RelayMemberHandler(IComplaintStore store, RelayDelivery delivery, RelayRecorder recorder) : IOutboxHandler, IOutboxDeadLetterHandler
{
    public string Kind => RelayOutbox.MemberKind;

    public string? Lane => RelayOutbox.Lane;

    /// <summary>Recorded only while no copy reached anyone (the relay still pending): one person's failure is not the relay's.</summary>
    public async Task OnDeadLetteredAsync(OutboxItem item, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var member = RelayOutbox.Member(item);
        var complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
        if (complaint is not null && RelayProgress.AwaitsDelivery(complaint, member?.Version))
        {
            var recipient = member is null ? null : new RelayRecipient(member.AadObjectId, null);
            await recorder.DeadLetteredAsync(complaint, recipient, reason, cancellationToken);
        }
    }

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (RelayOutbox.Member(item) is not { } member)
        {
            return OutboxResult.Failed($"the payload of relay copy {item.Id} cannot be read");
        }

        var complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
        if (complaint is null)
        {
            return OutboxResult.Failed($"complaint {item.ComplaintId} does not exist");
        }

        if (!RelayProgress.AwaitsCopy(complaint, member.Version))
        {
            return OutboxResult.Done;
        }

        var recipient = new RelayRecipient(member.AadObjectId, null);
        var outcome = await delivery.ToCommunityManagerAsync(complaint, member.AadObjectId, cancellationToken);
        return await recorder.CompleteAsync(item, complaint, recipient, outcome, cancellationToken);
    }
}
