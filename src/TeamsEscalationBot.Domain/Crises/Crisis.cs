namespace TeamsEscalationBot.Domain.Crises;

/// <summary>
/// One crisis: a burst of related complaints. Plain data, stored as is in the detector's snapshot. Its id depends
/// only on its trait and its first complaint, so replaying the same complaints gives the same id.
/// </summary>
public sealed record Crisis
{
    public required string Id { get; init; }

    public required CrisisTrait Trait { get; init; }

    /// <summary>What to show as its title: the shared keywords, the category, or the department's name.</summary>
    public required string Headline { get; init; }

    public CrisisState State { get; init; }

    /// <summary>When its first complaint arrived.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the complaint that completed the burst arrived.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>When a complaint last joined it or it was marked handled.</summary>
    public required DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>Its complaints, in the order they arrived.</summary>
    public required IReadOnlyList<string> ComplaintIds { get; init; }

    /// <summary>Its complaints per network, most first.</summary>
    public required IReadOnlyList<NetworkCount> Networks { get; init; }

    /// <summary>The (shortened) texts of its first few complaints.</summary>
    public required IReadOnlyList<string> Samples { get; init; }

    public string? HandledBy { get; init; }

    public DateTimeOffset? HandledAt { get; init; }

    /// <summary>Until when matching complaints still join it after it was handled.</summary>
    public DateTimeOffset? CoolDownEndsAt { get; init; }
}
