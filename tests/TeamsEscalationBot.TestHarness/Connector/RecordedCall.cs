using System.Text.Json.Nodes;
using TeamsEscalationBot.TestHarness.Recording;

namespace TeamsEscalationBot.TestHarness.Connector;

/// <summary>One request the bot made to the fake connector, with what the connector answered.</summary>
public sealed record RecordedCall(
    string Method,
    string Path,
    string? ConversationId,
    string? ActivityId,
    string Body,
    string? Authorization,
    int Status,
    DateTimeOffset At)
{
    public JsonNode? Json => string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body);

    public bool IsSend => Method == "POST" && ActivityId is null && ConversationId is not null;

    public bool IsCreateConversation => Method == "POST" && ConversationId is null;

    public bool IsUpdate => Method == "PUT";

    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>A failure the fake connector answers instead of success, for the next <see cref="Count"/> matching calls.</summary>
public sealed record ConnectorFault(int Status, int Count = 1) : IInjectedFault<RecordedCall>
{
    public TimeSpan? RetryAfter { get; init; }
    public string? ErrorCode { get; init; }
    /// <summary>Which calls this fault applies to; null means any call.</summary>
    public Func<RecordedCall, bool>? Match { get; init; }
}
