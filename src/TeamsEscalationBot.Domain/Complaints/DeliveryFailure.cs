namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>Why posting the complaint's channel card failed for good.</summary>
public sealed record DeliveryFailure(string Reason, DateTimeOffset At);
