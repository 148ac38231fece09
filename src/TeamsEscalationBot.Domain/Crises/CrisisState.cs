namespace TeamsEscalationBot.Domain.Crises;

public enum CrisisState
{
    /// <summary>Raised and not yet dealt with: matching complaints join it.</summary>
    Open,

    /// <summary>Someone marked it handled; matching complaints still join it until its cool-down ends.</summary>
    Handled,
}
