namespace TeamsEscalationBot.Domain.Sla;

public enum SlaTarget
{
    /// <summary>Time to claim: from the start until a department member claims it (or is assigned).</summary>
    Claim,

    /// <summary>Time to answer: from the start until the department resolves it, paused while the community manager decides.</summary>
    Answer,
}
