using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsEscalationBot.BotFramework.Schema;

/// <summary>
/// A Bot Framework activity as Teams sends and receives it. Properties this type does not name are kept in
/// <see cref="Properties"/>, so any inbound payload serializes back without losing a field.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ReplyToId { get; set; }
    public string? Text { get; set; }
    public string? TextFormat { get; set; }
    public string? Summary { get; set; }
    public string? AttachmentLayout { get; set; }
    public IList<Attachment>? Attachments { get; set; }
    public IList<Entity>? Entities { get; set; }
    public TeamsChannelData? ChannelData { get; set; }
    /// <summary>Free-form payload: card inputs, invoke values. Inbound it is a <see cref="JsonElement"/>.</summary>
    public object? Value { get; set; }
    public string? ValueType { get; set; }
    public string? Name { get; set; }
    public string? Locale { get; set; }
    public IList<ChannelAccount>? MembersAdded { get; set; }
    public IList<ChannelAccount>? MembersRemoved { get; set; }
    public string? Action { get; set; }
    public string? TopicName { get; set; }
    public string? DeliveryMode { get; set; }
    public string? CallerId { get; set; }
    public string? Importance { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>
    /// The Entra tenant of the conversation: Teams' <c>conversation.tenantId</c> and nothing else. <c>channelData.tenant</c>
    /// is not read for it: on other channels the client writes channel data.
    /// </summary>
    [JsonIgnore]
    public string? TenantId => Conversation?.TenantId;

    /// <summary>Reads <see cref="Value"/> as <typeparamref name="T"/>; null when there is no value.</summary>
    public T? GetValue<T>() where T : class => Value switch
    {
        null => null,
        T typed => typed,
        JsonElement element when element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonElement element => element.Deserialize<T>(ProtocolJsonSerializer.SerializationOptions),
        _ => JsonSerializer.SerializeToElement(Value, ProtocolJsonSerializer.SerializationOptions).Deserialize<T>(ProtocolJsonSerializer.SerializationOptions),
    };

    /// <summary>Where to answer this activity later: enough to post proactively into the same conversation.</summary>
    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = Id,
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Locale = Locale,
    };
}
