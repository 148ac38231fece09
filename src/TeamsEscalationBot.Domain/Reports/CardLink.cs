namespace TeamsEscalationBot.Domain.Reports;

/// <summary>Where a complaint's channel card is: the thread (conversation id) and the card's activity id.</summary>
public sealed record CardLink(string ConversationId, string ActivityId);
