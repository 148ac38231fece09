using System.Security.Claims;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.BotFramework.Builder;

/// <inheritdoc cref="ITurnContext"/>
public sealed class TurnContext : ITurnContext
{
    internal const string InvokeResponseKey = "BotFramework.InvokeResponse";

    public TurnContext(Activity activity, ClaimsIdentity identity, IConnectorClient connector)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(connector);
        Activity = activity;
        Identity = identity;
        Connector = connector;
    }

    public Activity Activity { get; }

    public ClaimsIdentity Identity { get; }

    public IConnectorClient Connector { get; }

    public IDictionary<string, object> TurnState { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

    public bool Responded { get; private set; }

    /// <summary>The invoke response a handler set for this turn, if any.</summary>
    public InvokeResponse? InvokeResponse => TurnState.TryGetValue(InvokeResponseKey, out var value) ? value as InvokeResponse : null;

    public async Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Type == ActivityTypes.InvokeResponse)
        {
            TurnState[InvokeResponseKey] = activity.Value as InvokeResponse ?? new InvokeResponse(200);
            Responded = true;
            return new ResourceResponse();
        }

        var (serviceUrl, conversationId) = Address();
        var response = await Connector.SendToConversationAsync(serviceUrl, conversationId, Outgoing(activity), cancellationToken);
        Responded = true;
        return response;
    }

    public Task<ResourceResponse> SendActivityAsync(string text, CancellationToken cancellationToken = default) =>
        SendActivityAsync(Activity.CreateMessage(text), cancellationToken);

    public async Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var activityId = activity.Id ?? throw new ArgumentException("The activity to update needs its id.", nameof(activity));
        var (serviceUrl, conversationId) = Address();
        return await Connector.UpdateActivityAsync(serviceUrl, conversationId, activityId, Outgoing(activity), cancellationToken);
    }

    public Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken = default)
    {
        var (serviceUrl, conversationId) = Address();
        return Connector.DeleteActivityAsync(serviceUrl, conversationId, activityId, cancellationToken);
    }

    public async Task<ResourceResponse> ReplyInThreadAsync(string rootActivityId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var (serviceUrl, conversationId) = Address();
        var thread = ConnectorClientExtensions.ThreadConversationId(conversationId, rootActivityId);
        var response = await Connector.SendToConversationAsync(serviceUrl, thread, Outgoing(activity), cancellationToken);
        Responded = true;
        return response;
    }

    private (string ServiceUrl, string ConversationId) Address() =>
        (Activity.ServiceUrl ?? throw new InvalidOperationException("The inbound activity has no serviceUrl."),
         Activity.Conversation?.Id ?? throw new InvalidOperationException("The inbound activity has no conversation id."));

    /// <summary>Addresses an outgoing activity from the bot to the turn's conversation, as the SDK does.</summary>
    private Activity Outgoing(Activity activity)
    {
        activity.Type ??= ActivityTypes.Message;
        activity.From ??= Activity.Recipient;
        activity.Recipient ??= Activity.From;
        activity.Conversation ??= Activity.Conversation;
        activity.ChannelId ??= Activity.ChannelId;
        activity.Locale ??= Activity.Locale;
        return activity;
    }
}
