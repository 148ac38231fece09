namespace TeamsEscalationBot.Domain.Reports;

/// <summary>The service-level target a complaint missed.</summary>
public enum BreachTarget
{
    /// <summary>Nobody claimed it in time.</summary>
    Claim,

    /// <summary>Nobody answered it in time.</summary>
    Answer,
}
