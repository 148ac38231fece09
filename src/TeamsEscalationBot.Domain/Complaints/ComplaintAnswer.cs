namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>The agreed public answer, who gave it and when.</summary>
public sealed record ComplaintAnswer(string Text, Actor By, DateTimeOffset At);
