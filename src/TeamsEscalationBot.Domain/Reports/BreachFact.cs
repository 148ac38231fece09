namespace TeamsEscalationBot.Domain.Reports;

/// <summary>A missed service-level target: which department held the complaint, which target, and when it was missed.</summary>
public sealed record BreachFact(string DepartmentId, BreachTarget Target, DateTimeOffset BreachedAt);
