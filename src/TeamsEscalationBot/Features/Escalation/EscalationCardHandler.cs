using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Features.Workflow;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Escalation;

/// <summary>
/// <c>escalation-card</c>: brings one person their escalation card in their 1:1 chat with the bot
/// (<see cref="PersonalChats"/>: the stored chat, else a new one, installing the app through Graph when needed). A lead
/// (breach) gets the complaint's own card with its actions, so Claim and Assign to… work right there; an executive
/// (second level) gets a notice with a link to the channel card. Someone who cannot be reached is recorded once on the
/// complaint (<see cref="ComplaintEventKind.EscalationNotDelivered"/>, with the reason) and not tried again; transient
/// trouble retries with the outbox's rules.
/// </summary>
internal sealed partial class EscalationCardHandler(
    IComplaintStore store,
    ComplaintRouter router,
    ComplaintCardBuilder cards,
    ActiveMembers activeMembers,
    PersonalChats chats,
    IInstallationStore installations,
    IOptions<BotFrameworkOptions> bot,
    CardClock clock,
    TimeProvider time,
    ILogger<EscalationCardHandler> logger) : IOutboxHandler
{
    private const int MaxRecordAttempts = 5;

    public string Kind => OutboxKinds.EscalationCard;

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (WorkflowOutbox.Read<OutboxPayloads.EscalationCard>(item) is not { UserAadObjectId.Length: > 0 } payload)
        {
            return OutboxResult.Failed($"escalation-card payload is not valid: {item.PayloadJson}");
        }

        var complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
        if (complaint is null || EscalationMessages.StepAt(complaint, payload.Version) is not { Level: not EscalationLevel.Reminder } step)
        {
            return OutboxResult.Failed($"complaint {item.ComplaintId} has no breach or second level at history entry {payload.Version}");
        }

        var department = router.FindDepartment(complaint.DepartmentId);
        var message = step.Level == EscalationLevel.Breach
            ? await LeadMessageAsync(complaint, step, payload.UserAadObjectId, cancellationToken)
            : await ExecutiveMessageAsync(complaint, step, department, cancellationToken);
        var who = step.Level == EscalationLevel.Breach ? "the lead" : "the executive";
        switch (await chats.SendAsync(payload.UserAadObjectId, department?.TeamId, message, who, cancellationToken))
        {
            case PersonalChatOutcome.Delivered:
                LogDelivered(logger, item.ComplaintId, step.Level, payload.UserAadObjectId);
                return OutboxResult.Done;
            case PersonalChatOutcome.Transient later:
                return later.RetryAfter is { } wait ? OutboxResult.RetryAfter(wait, later.Reason) : OutboxResult.Retry(later.Reason);
            case PersonalChatOutcome.Impossible never:
                LogNotReached(logger, item.ComplaintId, step.Level, payload.UserAadObjectId, never.Reason);
                return await RecordNotReachedAsync(complaint, payload, never.Reason, cancellationToken);
            default:
                return OutboxResult.Failed("unknown 1:1 chat outcome");
        }
    }

    /// <summary>The line that says why, over the complaint's card as the department sees it, with its actions.</summary>
    private async Task<Activity> LeadMessageAsync(Complaint complaint, EscalationStep step, string leadId, CancellationToken cancellationToken)
    {
        var texts = Texts.For(null);
        var now = time.GetUtcNow();
        var departments = CardDepartment.All(router);
        var members = await activeMembers.GetAsync(complaint.DepartmentId, cancellationToken);
        var card = cards.Build(complaint, new ComplaintCardContext
        {
            Viewer = new CardViewer(leadId, string.Empty, CardViewerRole.DepartmentMember),
            Sight = ComplaintSight.Department,
            Now = now,
            Departments = departments,
            CardDepartmentId = complaint.DepartmentId,
            AssignCandidates = [.. members.Select(m => new Person(m.AadObjectId, m.DisplayName))],
        });
        var text = BotMessages.Format(
            texts,
            $"Escalation_Lead_{step.Target}",
            complaint.Id,
            CardDepartment.NameOf(departments, complaint.DepartmentId),
            EscalationMessages.When(complaint, step.DueAt, now, clock, texts));
        return BotMessages.WithCard(text, card, texts.Format("Relay_Title", complaint.Id));
    }

    private async Task<Activity> ExecutiveMessageAsync(Complaint complaint, EscalationStep step, Department? department, CancellationToken cancellationToken)
    {
        var texts = Texts.For(null);
        var team = department is null ? null : await installations.FindTeamAsync(department.TeamId, cancellationToken);
        var link = complaint.CurrentCard is { } posted ? ChannelMessageLink.For(posted, team?.TenantId ?? bot.Value.TenantId, team?.TeamAadGroupId) : null;
        var when = EscalationMessages.When(complaint, step.DueAt, time.GetUtcNow(), clock, texts);
        var card = EscalationNoticeCardBuilder.Build(complaint, step, department?.Name ?? complaint.DepartmentId, when, link, texts);
        return BotMessages.Card(card, texts["Escalation_Executive_Title"]);
    }

    /// <summary>Records once that the person was not reached; the item is done either way (trying again will not help).</summary>
    private async Task<OutboxResult> RecordNotReachedAsync(Complaint complaint, OutboxPayloads.EscalationCard payload, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxRecordAttempts; attempt++)
        {
            var expected = complaint.Version;
            if (!complaint.RecordEscalationNotDelivered(payload.Version, payload.UserAadObjectId, reason, time.GetUtcNow()).Succeeded)
            {
                return OutboxResult.Done;
            }

            var saved = await store.UpdateAsync(complaint, expected, [], cancellationToken);
            if (saved.Outcome != UpdateOutcome.Conflict)
            {
                return OutboxResult.Done;
            }

            complaint = saved.Current!;
        }

        return OutboxResult.Retry($"complaint {complaint.Id} kept changing while recording that a person was not reached");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId}: escalation {Level} card delivered to {AadObjectId}")]
    private static partial void LogDelivered(ILogger logger, string complaintId, EscalationLevel level, string aadObjectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: escalation {Level} could not reach {AadObjectId}: {Reason}")]
    private static partial void LogNotReached(ILogger logger, string complaintId, EscalationLevel level, string aadObjectId, string reason);
}
