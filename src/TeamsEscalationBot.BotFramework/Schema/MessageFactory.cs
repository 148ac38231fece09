namespace TeamsEscalationBot.BotFramework.Schema;

/// <summary>Outgoing message activities, as the Agents SDK's MessageFactory makes them.</summary>
public static class MessageFactory
{
    /// <summary>A message with plain text.</summary>
    public static Activity Text(string? text) => new() { Type = ActivityTypes.Message, Text = text };

    /// <summary>A message carrying one attachment (a card).</summary>
    public static Activity Attachment(Attachment attachment) => new() { Type = ActivityTypes.Message, Attachments = [attachment] };
}
