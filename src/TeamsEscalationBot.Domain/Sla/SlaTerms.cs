using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Sla;

/// <summary>
/// The effective targets for one department and priority: everything a clock needs, copied when it starts so that
/// later policy changes do not move it. Plain data; store it as is.
/// </summary>
public sealed record SlaTerms
{
    /// <summary>The policy that applied: the department id its policy is configured under, or <see cref="SlaPolicySet.DefaultPolicyName"/>.</summary>
    public required string PolicyName { get; init; }

    public required Priority Priority { get; init; }

    public required SlaTargets Targets { get; init; }

    public required SlaCounting CountIn { get; init; }

    /// <summary>The opening hours, set exactly when <see cref="CountIn"/> is <see cref="SlaCounting.BusinessHours"/>.</summary>
    public BusinessHours? BusinessHours { get; init; }

    /// <summary>Share of a target after which it is due soon (0 &lt; share &lt; 1).</summary>
    public required double DueSoonShare { get; init; }
}
