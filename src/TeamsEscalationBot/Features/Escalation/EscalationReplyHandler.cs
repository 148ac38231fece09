using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Workflow;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Escalation;

/// <summary>
/// <c>escalation-reply</c>: posts a reminder or a breach into the complaint's channel thread (the thread of the card
/// the complaint had when the step was recorded), @mentioning who the step names: the owner, the channel itself while
/// unclaimed, or the department's leads. Delivered at least once, with the outbox's retry rules.
/// </summary>
internal sealed partial class EscalationReplyHandler(
    IComplaintStore store,
    ComplaintThreads threads,
    ComplaintRouter router,
    IDirectory directory,
    CardClock clock,
    TimeProvider time,
    ILogger<EscalationReplyHandler> logger) : IOutboxHandler
{
    /// <summary>How long the names of the leads may take; a mention without the directory reads "lead".</summary>
    private static readonly TimeSpan NamesBudget = TimeSpan.FromSeconds(5);

    public string Kind => OutboxKinds.EscalationReply;

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (WorkflowOutbox.Read<OutboxPayloads.EscalationReply>(item) is not { } payload)
        {
            return OutboxResult.Failed($"escalation-reply payload is not valid: {item.PayloadJson}");
        }

        var complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
        if (complaint is null || EscalationMessages.StepAt(complaint, payload.Version) is not { } step || step.Level == EscalationLevel.SecondLevel)
        {
            return OutboxResult.Failed($"complaint {item.ComplaintId} has no reminder or breach at history entry {payload.Version}");
        }

        var thread = ComplaintThreads.ThreadOf(complaint, payload.Version);
        if (thread?.ConversationId is null || thread.DepartmentId is null || step.Told.Count == 0)
        {
            LogNoThread(logger, item.ComplaintId, payload.Version);
            return OutboxResult.Done;
        }

        var texts = Texts.For(null);
        var mentions = await MentionsAsync(complaint, payload.Version, step, thread, texts, cancellationToken);
        var when = EscalationMessages.When(complaint, step.DueAt, time.GetUtcNow(), clock, texts);
        var message = BotMessages.Mentioning(texts, $"Escalation_{step.Level}_{step.Target}", mentions, complaint.Id, when);
        return await threads.ReplyAsync(
            thread.DepartmentId, thread.ConversationId, message, $"the escalation step {payload.Version} of complaint {item.ComplaintId}", cancellationToken);
    }

    private async Task<List<MessageMention>> MentionsAsync(
        Complaint complaint, long version, EscalationStep step, ComplaintEvent thread, Texts texts, CancellationToken cancellationToken)
    {
        if (step.Told is [EscalationStep.Channel])
        {
            var channelId = thread.ConversationId!.Split(';', 2)[0];
            var name = router.FindDepartment(thread.DepartmentId!)?.Name ?? thread.DepartmentId!;
            return [MessageMention.Channel(channelId, name)];
        }

        var owner = ComplaintThreads.OwnerAt(complaint, version);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(NamesBudget);
        var mentions = new List<MessageMention>();
        foreach (var id in step.Told)
        {
            var name = owner is not null && string.Equals(owner.AadObjectId, id, StringComparison.OrdinalIgnoreCase)
                ? owner.DisplayName
                : await NameOfAsync(id, budget.Token, cancellationToken) ?? texts["Escalation_SomeoneName"];
            mentions.Add(new MessageMention(id, name, id));
        }

        return mentions;
    }

    private async Task<string?> NameOfAsync(string id, CancellationToken budget, CancellationToken cancellationToken)
    {
        try
        {
            var user = await directory.GetUserAsync(id, budget);
            return user.Match<string?>(found => found.DisplayName, () => null, _ => null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Complaint {ComplaintId}: escalation step {Version} has no channel thread or nobody to mention; nothing to post")]
    private static partial void LogNoThread(ILogger logger, string complaintId, long version);
}
