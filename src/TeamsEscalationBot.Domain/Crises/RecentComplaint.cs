using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Crises;

/// <summary>
/// A complaint the detector still remembers (it arrived within the longest window): what it compares, and the
/// crisis it belongs to, if any. Part of <see cref="CrisisDetectorSnapshot"/>.
/// </summary>
public sealed record RecentComplaint
{
    public required string Id { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string DepartmentId { get; init; }

    /// <summary>The category as written, when it had one.</summary>
    public string? Category { get; init; }

    /// <summary>Its keywords (see <see cref="CrisisKeywords"/>), sorted.</summary>
    public required IReadOnlyList<string> Keywords { get; init; }

    public Network Network { get; init; }

    /// <summary>Its text, shortened, to show as a sample.</summary>
    public required string Sample { get; init; }

    /// <summary>The crisis it belongs to; a complaint belongs to one crisis at most.</summary>
    public string? CrisisId { get; init; }
}
