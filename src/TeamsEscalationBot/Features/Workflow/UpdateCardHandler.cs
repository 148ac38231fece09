using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>
/// <c>update-card</c>: replaces a channel card with the complaint as it is NOW (the base view everyone sees), so a
/// repeated or late item is harmless. Because items of one complaint may run in parallel, the handler reads the
/// complaint again after the PUT and sends the newer state if it changed meanwhile: the last PUT always shows the
/// latest version. A card whose message is gone (404) is a permanent failure; 429 waits for Retry-After.
/// </summary>
internal sealed partial class UpdateCardHandler(
    IComplaintStore store,
    ComplaintThreads threads,
    ComplaintRouter router,
    ComplaintCardBuilder cards,
    ActiveMembers activeMembers,
    IComplaintCrises crises,
    IConnectorClient connector,
    TimeProvider time,
    ILogger<UpdateCardHandler> logger) : IOutboxHandler
{
    /// <summary>PUTs per item when the complaint keeps changing under it; later items catch up anyway.</summary>
    private const int MaxRenders = 3;

    public string Kind => OutboxKinds.UpdateCard;

    /// <summary>Each item renders the complaint as it is now: of several pending for one card, the last does it for all.</summary>
    public bool Coalesces => true;

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (WorkflowOutbox.Read<OutboxPayloads.UpdateCard>(item) is not { } payload)
        {
            return OutboxResult.Failed($"update-card payload is not valid: {item.PayloadJson}");
        }

        var complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
        if (complaint is null)
        {
            return OutboxResult.Failed($"complaint {item.ComplaintId} does not exist");
        }

        var departmentId = payload.DepartmentId ?? complaint.DepartmentId;
        var card = payload.DepartmentId is null
            ? complaint.CurrentCard
            : complaint.Cards.LastOrDefault(c => string.Equals(c.DepartmentId, departmentId, StringComparison.OrdinalIgnoreCase));
        if (card is null)
        {
            // Not posted yet (or any more in this department): the post-card item renders the current state itself.
            return OutboxResult.Done;
        }

        try
        {
            var serviceUrl = await threads.ServiceUrlAsync(card.DepartmentId, cancellationToken);
            for (var render = 1; render <= MaxRenders && complaint is not null; render++)
            {
                await PutAsync(complaint, card, serviceUrl, cancellationToken);
                var shown = complaint.Version;
                complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
                if (complaint is null || complaint.Version == shown)
                {
                    break;
                }
            }

            return OutboxResult.Done;
        }
        catch (ConnectorException ex)
        {
            var result = ChannelUpdateFailures.From(ex, $"the update of card {card.ActivityId}");
            if (result is OutboxFailed failed)
            {
                LogGone(logger, item.ComplaintId, card.ActivityId, failed.Reason);
            }

            return result;
        }
        catch (UntrustedServiceUrlException ex)
        {
            return OutboxResult.Failed(ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return OutboxResult.Retry($"Teams could not be reached: {ex.Message}");
        }
    }

    private async Task PutAsync(Complaint complaint, ChannelCard card, string serviceUrl, CancellationToken cancellationToken)
    {
        var members = await activeMembers.GetAsync(card.DepartmentId, cancellationToken);
        // The channel shows its department's view: all of it where the complaint is, what happened there where it left.
        var here = string.Equals(card.DepartmentId, complaint.DepartmentId, StringComparison.OrdinalIgnoreCase);
        var content = cards.Build(complaint, new ComplaintCardContext
        {
            Viewer = CardViewer.Channel,
            Sight = here ? ComplaintSight.Department : ComplaintSight.FormerDepartment([card.DepartmentId]),
            Now = time.GetUtcNow(),
            Departments = CardDepartment.All(router),
            CardDepartmentId = card.DepartmentId,
            RefreshUserIds = [.. members.Select(m => m.TeamsUserId)],
            AssignCandidates = [.. members.Select(m => new Person(m.AadObjectId, m.DisplayName))],
            InCrisis = await crises.IsInOpenCrisisAsync(complaint.Id, cancellationToken),
        });
        var message = BotMessages.Card(content);
        message.Id = card.ActivityId;
        await connector.UpdateActivityAsync(serviceUrl, card.ConversationId, card.ActivityId, message, cancellationToken);
        LogUpdated(logger, complaint.Id, card.ActivityId, complaint.Version);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Channel card {ActivityId} of complaint {ComplaintId} now shows version {Version}")]
    private static partial void LogUpdated(ILogger logger, string complaintId, string activityId, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel card {ActivityId} of complaint {ComplaintId} cannot be updated: {Reason}")]
    private static partial void LogGone(ILogger logger, string complaintId, string activityId, string reason);
}
