namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>A card posted in a department's channel: the thread (conversation id) and the card's activity id.</summary>
public sealed record ChannelCard(string DepartmentId, string ConversationId, string ActivityId, DateTimeOffset PostedAt);
