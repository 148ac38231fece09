namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>The card that carries the answer to the requester in their 1:1 chat.</summary>
public sealed record RelayCard(string ConversationId, string ActivityId);
