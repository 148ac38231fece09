namespace TeamsEscalationBot.Domain.Crises;

/// <summary>What the complaints of a crisis have in common, from the most specific to the least.</summary>
public enum CrisisTraitKind
{
    /// <summary>They share uncommon words.</summary>
    Keywords,

    /// <summary>They have the same category.</summary>
    Category,

    /// <summary>They were routed to the same department.</summary>
    Department,
}
