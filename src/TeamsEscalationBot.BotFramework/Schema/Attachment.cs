using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsEscalationBot.BotFramework.Schema;

/// <summary>A message attachment; cards travel as <c>application/vnd.microsoft.card.adaptive</c> attachments.</summary>
public sealed class Attachment
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    /// <summary>The attachment body; inbound a <see cref="JsonElement"/>, outbound any serializable object (a card record).</summary>
    public object? Content { get; set; }
    public string? Name { get; set; }
    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }

    public static Attachment AdaptiveCard(object card) => new() { ContentType = AdaptiveCardContentType, Content = card };
}

/// <summary>
/// An activity entity. Teams sends <c>mention</c> and <c>clientInfo</c> entities; the mention fields are named,
/// everything else stays in <see cref="Properties"/>.
/// </summary>
public sealed class Entity
{
    public const string MentionType = "mention";

    public string? Type { get; set; }
    public ChannelAccount? Mentioned { get; set; }
    public string? Text { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }

    public static Entity Mention(ChannelAccount mentioned, string text) =>
        new() { Type = MentionType, Mentioned = mentioned, Text = text };
}
