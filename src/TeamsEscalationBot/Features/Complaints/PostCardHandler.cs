using System.Net;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Complaints;

/// <summary>
/// Posts a complaint's card as a new thread in its department's channel and records the thread on the complaint.
/// Idempotent: a complaint that already records its card is left alone, so after a crash only the unavoidable window
/// between the post and recording it can produce a second card. A permanent refusal (bot removed, channel gone) is
/// recorded on the complaint, which stays Received and shows the reason, instead of being retried forever.
/// </summary>
internal sealed partial class PostCardHandler(
    IComplaintStore store,
    ComplaintService complaints,
    ComplaintRouter router,
    IInstallationStore installations,
    IConnectorClient connector,
    ComplaintCardBuilder cards,
    IComplaintCrises crises,
    IOptions<TeamsAppOptions> teams,
    IOptions<BotFrameworkOptions> bot,
    IOptions<StorageOptions> storage,
    TimeProvider time,
    ILogger<PostCardHandler> logger) : IOutboxHandler
{
    public string Kind => OutboxKinds.PostCard;

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
        if (complaint is null)
        {
            return OutboxResult.Failed($"complaint {item.ComplaintId} does not exist");
        }

        if (complaint.State != ComplaintState.Received || complaint.CurrentCard is not null)
        {
            return OutboxResult.Done;
        }

        var department = router.FindDepartment(complaint.DepartmentId);
        if (department is null)
        {
            return await FailAsync(complaint, $"department '{complaint.DepartmentId}' is no longer configured", cancellationToken);
        }

        try
        {
            var card = await PostAsync(complaint, department, cancellationToken);
            await RecordAsync(complaint, card, cancellationToken);
            return OutboxResult.Done;
        }
        catch (ConnectorException ex) when (ex.IsTransient)
        {
            var reason = $"Teams answered {(int)ex.StatusCode} {ex.ErrorCode}".TrimEnd();
            return item.IsLastAttempt(storage.Value.Outbox) ? await GiveUpAsync(complaint, item, reason, cancellationToken)
                : ex.RetryAfter is { } wait ? OutboxResult.RetryAfter(wait, reason)
                : OutboxResult.Retry(reason);
        }
        catch (ConnectorException ex)
        {
            return await FailAsync(complaint, DescribePermanent(ex, department), cancellationToken);
        }
        catch (UntrustedServiceUrlException ex)
        {
            return await FailAsync(complaint, ex.Message, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            var reason = $"Teams could not be reached: {ex.Message}";
            return item.IsLastAttempt(storage.Value.Outbox) ? await GiveUpAsync(complaint, item, reason, cancellationToken) : OutboxResult.Retry(reason);
        }
    }

    private Task<OutboxResult> GiveUpAsync(Complaint complaint, OutboxItem item, string reason, CancellationToken cancellationToken) =>
        FailAsync(complaint, $"gave up after {item.Attempt + 1} attempts; last: {reason}", cancellationToken);

    private async Task<ChannelCard> PostAsync(Complaint complaint, Department department, CancellationToken cancellationToken)
    {
        var installation = await installations.FindTeamAsync(department.TeamId, cancellationToken);
        var serviceUrl = installation?.ServiceUrl ?? teams.Value.DefaultServiceUrl;
        var tenantId = installation?.TenantId ?? bot.Value.TenantId ?? string.Empty;
        var now = time.GetUtcNow();
        // The card is built before the post is recorded, but people see it as the complaint is once recorded: Open,
        // one version later. Built from the Received state it would have no buttons (and a click would be stale).
        var shown = SlaRecords.Share(complaint, Complaint.FromSnapshot(complaint.ToSnapshot()));
        shown.RecordCardPosted(new ChannelCard(department.Id, string.Empty, string.Empty, now), now);
        var card = cards.Build(shown, new ComplaintCardContext
        {
            Viewer = CardViewer.Channel,
            Sight = ComplaintSight.Department,
            Now = now,
            Departments = CardDepartment.All(router),
            InCrisis = await crises.IsInOpenCrisisAsync(complaint.Id, cancellationToken),
        });
        var message = BotMessages.Card(card, $"{complaint.Priority} complaint {complaint.Id} from {CardText.Truncate(complaint.AuthorHandle, CardBudget.ShortFieldChars)}");
        var created = await connector.CreateChannelThreadAsync(serviceUrl, department.ChannelId, tenantId, message, cancellationToken);
        var activityId = created.ActivityId ?? ConnectorClientExtensions.ThreadRootActivityId(created.Id);
        var threadId = created.Id ?? ConnectorClientExtensions.ThreadConversationId(department.ChannelId, activityId ?? string.Empty);
        LogPosted(logger, complaint.Id, department.Id, activityId);
        return new ChannelCard(department.Id, threadId, activityId ?? string.Empty, now);
    }

    private async Task RecordAsync(Complaint complaint, ChannelCard card, CancellationToken cancellationToken)
    {
        var result = await complaints.RecordAsync(complaint.Id, c => c.RecordCardPosted(card, time.GetUtcNow()), null, cancellationToken);
        if (result.Refusal is not null)
        {
            // Another worker recorded a card first, or the complaint moved on: this post is the duplicate the
            // outbox contract allows; the recorded card is the one that gets updated.
            LogDuplicateCard(logger, complaint.Id, card.ActivityId, result.Refusal.Reason);
        }
    }

    private async Task<OutboxResult> FailAsync(Complaint complaint, string reason, CancellationToken cancellationToken)
    {
        LogPostFailed(logger, complaint.Id, complaint.DepartmentId, reason);
        await complaints.RecordAsync(complaint.Id, c => c.RecordCardPostFailed(reason, time.GetUtcNow()), null, cancellationToken);
        return OutboxResult.Failed(reason);
    }

    private static string DescribePermanent(ConnectorException ex, Department department) => ex.StatusCode switch
    {
        HttpStatusCode.Forbidden => $"Teams refused the post into channel {department.ChannelId} ({ex.ErrorCode ?? "403"}): is the app installed in team {department.TeamId}?",
        HttpStatusCode.NotFound => $"Teams does not know channel {department.ChannelId} ({ex.ErrorCode ?? "404"}): was it deleted? Check Departments configuration for '{department.Id}'.",
        _ => $"Teams refused the post with {(int)ex.StatusCode} {ex.ErrorCode}",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} posted to department {DepartmentId} as activity {ActivityId}")]
    private static partial void LogPosted(ILogger logger, string complaintId, string departmentId, string? activityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: a second card ({ActivityId}) was posted before the first was recorded: {Reason}")]
    private static partial void LogDuplicateCard(ILogger logger, string complaintId, string activityId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Complaint {ComplaintId} could not be posted to department {DepartmentId} and stays Received: {Reason}")]
    private static partial void LogPostFailed(ILogger logger, string complaintId, string departmentId, string reason);
}
