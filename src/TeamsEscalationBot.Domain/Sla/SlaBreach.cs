namespace TeamsEscalationBot.Domain.Sla;

/// <summary>A target that was missed: which one, in which department's clock, and the instant it fell due.</summary>
public sealed record SlaBreach(
    SlaTarget Target,
    string DepartmentId,
    DateTimeOffset At,
    DateTimeOffset ClockStartedAt,
    string PolicyName);
