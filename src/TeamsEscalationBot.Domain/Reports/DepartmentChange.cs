namespace TeamsEscalationBot.Domain.Reports;

/// <summary>A complaint entered <paramref name="DepartmentId"/> at <paramref name="At"/> (routed there, or reassigned there).</summary>
public sealed record DepartmentChange(string DepartmentId, DateTimeOffset At);
