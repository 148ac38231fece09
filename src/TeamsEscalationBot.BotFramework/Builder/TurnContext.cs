using System.Security.Claims;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.BotFramework.Builder;

/// <inheritdoc cref="ITurnContext"/>
internal sealed class TurnContext : ITurnContext
{
    private readonly IConnectorClient _connector;

    public TurnContext(Activity activity, ClaimsIdentity identity, IConnectorClient connector)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(connector);
        Activity = activity;
        Identity = identity;
        _connector = connector;
    }

    public Activity Activity { get; }

    public ClaimsIdentity Identity { get; }

    public bool Responded { get; private set; }

    /// <summary>The first invoke response sent in this turn, if any: it becomes the HTTP answer.</summary>
    public InvokeResponse? InvokeResponse { get; private set; }

    public async Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Type == ActivityTypes.InvokeResponse)
        {
            InvokeResponse ??= activity.Value as InvokeResponse ?? new InvokeResponse(200);
            Responded = true;
            return new ResourceResponse();
        }

        var serviceUrl = Activity.ServiceUrl ?? throw new InvalidOperationException("The inbound activity has no serviceUrl.");
        var conversationId = Activity.Conversation?.Id ?? throw new InvalidOperationException("The inbound activity has no conversation id.");
        var response = await _connector.SendToConversationAsync(serviceUrl, conversationId, Outgoing(activity), cancellationToken);
        Responded = true;
        return response;
    }

    public Task<ResourceResponse> SendActivityAsync(string text, CancellationToken cancellationToken = default) =>
        SendActivityAsync(MessageFactory.Text(text), cancellationToken);

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
