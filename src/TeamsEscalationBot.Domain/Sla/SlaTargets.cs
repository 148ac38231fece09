namespace TeamsEscalationBot.Domain.Sla;

/// <summary>
/// How long a department has to claim a complaint and to answer it, both counted from the same start (see docs/sla.md).
/// Counted in open time of a business calendar or in calendar hours, as the policy says.
/// </summary>
public sealed record SlaTargets(TimeSpan TimeToClaim, TimeSpan TimeToAnswer);
