using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.BotFramework.Connector;

/// <summary>
/// The Bot Connector REST API (v3) at a conversation's service URL. Failures throw <see cref="ConnectorException"/>
/// (an error answer, after bounded retries), <see cref="HttpRequestException"/> (unreachable, or no answer within
/// <c>Bot:ConnectorTimeout</c>) or <see cref="UntrustedServiceUrlException"/> (nothing sent).
/// </summary>
public interface IConnectorClient
{
    Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default);

    Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default);

    Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>One member of a conversation or team, by Teams user id (29:…), UPN or Entra object id.</summary>
    Task<TeamsChannelAccount> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken = default);
}

/// <summary>Teams shapes of <see cref="IConnectorClient.CreateConversationAsync"/>.</summary>
public static class ConnectorClientExtensions
{
    /// <summary>Opens (or finds) the 1:1 chat between the bot and a user, by the user's Entra object id and tenant.</summary>
    public static Task<ConversationResourceResponse> CreatePersonalConversationAsync(
        this IConnectorClient client, string serviceUrl, string botId, string userAadObjectId, string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = botId },
            Members = [new ChannelAccount { Id = userAadObjectId, AadObjectId = userAadObjectId }],
            TenantId = tenantId,
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = tenantId } },
        };
        return client.CreateConversationAsync(serviceUrl, parameters, cancellationToken);
    }

    /// <summary>Starts a new thread in a channel with <paramref name="activity"/> as its root post.</summary>
    public static Task<ConversationResourceResponse> CreateChannelThreadAsync(
        this IConnectorClient client, string serviceUrl, string channelId, string tenantId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var parameters = new ConversationParameters
        {
            IsGroup = true,
            Activity = activity,
            TenantId = tenantId,
            ChannelData = new TeamsChannelData
            {
                Channel = new ChannelInfo { Id = channelId },
                Tenant = new TenantInfo { Id = tenantId },
            },
        };
        return client.CreateConversationAsync(serviceUrl, parameters, cancellationToken);
    }

    /// <summary>The conversation id of a channel thread: <c>{channelId};messageid={rootActivityId}</c>.</summary>
    public static string ThreadConversationId(string conversationId, string rootActivityId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var separator = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        var channelId = separator < 0 ? conversationId : conversationId[..separator];
        return $"{channelId};messageid={rootActivityId}";
    }

    /// <summary>The root activity id in a channel thread's conversation id (after <c>;messageid=</c>); null when there is none.</summary>
    public static string? ThreadRootActivityId(string? threadId)
    {
        const string marker = ";messageid=";
        var index = threadId?.IndexOf(marker, StringComparison.OrdinalIgnoreCase) ?? -1;
        return index < 0 ? null : threadId![(index + marker.Length)..];
    }
}
