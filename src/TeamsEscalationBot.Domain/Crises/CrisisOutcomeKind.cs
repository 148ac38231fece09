namespace TeamsEscalationBot.Domain.Crises;

/// <summary>What feeding a complaint did.</summary>
public enum CrisisOutcomeKind
{
    /// <summary>Nothing to tell: no crisis, or the complaint was seen before.</summary>
    None,

    /// <summary>The complaint completed a burst: a new crisis (post an alert).</summary>
    Opened,

    /// <summary>The complaint joined an existing crisis (update its alert).</summary>
    Joined,
}
