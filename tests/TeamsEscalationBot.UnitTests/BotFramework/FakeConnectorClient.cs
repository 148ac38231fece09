using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.UnitTests.BotFramework;

/// <summary>An in-memory <see cref="IConnectorClient"/> for handler unit tests: records what a handler sends.</summary>
internal sealed class FakeConnectorClient : IConnectorClient
{
    public List<(string Operation, string ConversationId, Activity? Activity)> Sent { get; } = [];

    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default) =>
        Record("send", conversationId, activity);

    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        Record("reply", conversationId, activity);

    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        Record("update", conversationId, activity);

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default) =>
        Record("delete", conversationId, null);

    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default)
    {
        Sent.Add(("create", string.Empty, parameters.Activity));
        return Task.FromResult(new ConversationResourceResponse { Id = "a:new" });
    }

    public Task<TeamsChannelAccount> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(new TeamsChannelAccount { Id = userId });

    private Task<ResourceResponse> Record(string operation, string conversationId, Activity? activity)
    {
        Sent.Add((operation, conversationId, activity));
        return Task.FromResult(new ResourceResponse { Id = Sent.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }
}
