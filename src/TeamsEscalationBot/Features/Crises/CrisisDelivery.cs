using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Installations;

namespace TeamsEscalationBot.Features.Crises;

/// <summary>What one attempt to post or update a crisis alert came to.</summary>
internal abstract record AlertOutcome
{
    /// <summary>The card is there: where, so it can be updated later.</summary>
    public sealed record Delivered(string ServiceUrl, string ConversationId, string ActivityId) : AlertOutcome;

    public sealed record Transient(string Reason, TimeSpan? RetryAfter = null) : AlertOutcome;

    public sealed record Impossible(string Reason) : AlertOutcome;
}

/// <summary>
/// Puts crisis alerts in front of people, as the relay does: a person's 1:1 chat with the bot (through
/// <see cref="PersonalChats"/>: the stored one; else a new chat, after installing the app for them through Graph when
/// Teams says it is not installed), a new thread in a department's channel, and the update of a posted card in place
/// (update activity).
/// </summary>
internal sealed class CrisisDelivery(
    IConnectorClient connector,
    IInstallationStore installations,
    PersonalChats chats,
    ComplaintRouter router,
    IOptions<TeamsAppOptions> teams,
    IOptions<BotFrameworkOptions> bot)
{
    /// <summary>The alert in the person's 1:1 chat; a new chat is opened through the triage department's team.</summary>
    public Task<AlertOutcome> ToPersonAsync(string aadObjectId, Activity message, CancellationToken cancellationToken) => GuardAsync(async () =>
        await chats.SendAsync(aadObjectId, router.TriageDepartment.TeamId, message, "the person", cancellationToken) switch
        {
            PersonalChatOutcome.Delivered sent => Delivered(sent.ServiceUrl, sent.ConversationId, sent.ActivityId),
            PersonalChatOutcome.Transient later => new AlertOutcome.Transient(later.Reason, later.RetryAfter),
            PersonalChatOutcome.Impossible never => new AlertOutcome.Impossible(never.Reason),
            _ => throw new InvalidOperationException("Unknown personal chat outcome."),
        });

    public Task<AlertOutcome> ToChannelAsync(Department department, Activity message, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        var (serviceUrl, tenantId) = await EndpointAsync(department.TeamId, cancellationToken);
        var created = await connector.CreateChannelThreadAsync(serviceUrl, department.ChannelId, tenantId, message, cancellationToken);
        var activityId = string.IsNullOrWhiteSpace(created.ActivityId) ? ConnectorClientExtensions.ThreadRootActivityId(created.Id) : created.ActivityId;
        var threadId = string.IsNullOrWhiteSpace(created.Id)
            ? ConnectorClientExtensions.ThreadConversationId(department.ChannelId, activityId ?? string.Empty)
            : created.Id;
        return Delivered(serviceUrl, threadId, activityId);
    });

    public Task<AlertOutcome> UpdateAsync(CrisisAlert alert, Activity message, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(alert);
        message.Id = alert.ActivityId;
        await connector.UpdateActivityAsync(alert.ServiceUrl!, alert.ConversationId!, alert.ActivityId!, message, cancellationToken);
        return new AlertOutcome.Delivered(alert.ServiceUrl!, alert.ConversationId!, alert.ActivityId!);
    });

    private Task<(string ServiceUrl, string TenantId)> EndpointAsync(string? teamId, CancellationToken cancellationToken) =>
        ProactiveCalls.EndpointAsync(installations, teamId, teams.Value, bot.Value, cancellationToken);

    /// <summary>Turns the ways a Connector call fails into outcomes (<see cref="ProactiveCalls.GuardAsync"/>).</summary>
    private static Task<AlertOutcome> GuardAsync(Func<Task<AlertOutcome>> deliver) => ProactiveCalls.GuardAsync(
        deliver,
        (reason, retryAfter) => new AlertOutcome.Transient(reason, retryAfter),
        reason => new AlertOutcome.Impossible(reason),
        "alert");

    private static AlertOutcome Delivered(string serviceUrl, string conversationId, string? activityId) =>
        string.IsNullOrWhiteSpace(activityId)
            ? new AlertOutcome.Impossible("Teams took the alert without returning its id, so it cannot be updated.")
            : new AlertOutcome.Delivered(serviceUrl, conversationId, activityId);
}
