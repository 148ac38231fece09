namespace TeamsEscalationBot.Domain.Crises;

/// <summary>Everything the detector remembers, as plain data for storage. Restoring it means nothing alerts twice.</summary>
public sealed record CrisisDetectorSnapshot
{
    /// <summary>The latest arrival time it has seen; null before the first complaint.</summary>
    public DateTimeOffset? Clock { get; init; }

    public IReadOnlyList<RecentComplaint> Recent { get; init; } = [];

    /// <summary>Open crises, and handled ones until their cool-down ends.</summary>
    public IReadOnlyList<Crisis> Crises { get; init; } = [];
}
